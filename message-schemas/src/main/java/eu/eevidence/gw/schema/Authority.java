package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * The authority seeking the measure (Art. 29(2)(a)) and how to reach it.
 *
 * @param name          the authority's official name
 * @param country       ISO 3166-1 alpha-2 code of its State
 * @param contactEmail  a monitored functional mailbox
 * @param contactPhone  optional 24/7 phone number in E.164 form
 */
public record Authority(
        @NotBlank @SafeText(max = 300) String name,
        @NotNull @CountryCode String country,
        @NotBlank @Pattern(regexp = "^[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}$", message = ValidationCode.Codes.EMAIL) String contactEmail,
        @Pattern(regexp = "^\\+[1-9][0-9]{6,14}$", message = ValidationCode.Codes.PHONE) String contactPhone) {
}
