package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * The six items of an order under CETS 224 Art. 7(3) (also the order of Art. 8(3)(a)).
 *
 * @param issuingAuthority          (a) the issuing authority
 * @param issuedAt                  (a) the date issued
 * @param issuedUnderProtocol       (b) statement that the order is issued pursuant to the Protocol: must be true
 * @param serviceProviders          (c) name and address of the service provider(s) to be served
 * @param offences                  (d) the offence(s) under investigation or proceedings
 * @param seekingAuthority          (e) the authority seeking the data, if not the issuing authority
 * @param dataSought                (f) detailed description of the specific data sought
 */
public record ProtocolOrder(
        @NotNull @Valid Authority issuingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @AssertTrue(message = ValidationCode.Codes.PROTOCOL_STATEMENT) Boolean issuedUnderProtocol,
        @NotEmpty @Size(max = 20, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid ServiceProvider> serviceProviders,
        @NotEmpty @Size(max = 20, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid Offence> offences,
        @Valid Authority seekingAuthority,
        @NotBlank @SafeText(max = 4000) String dataSought) {

    public ProtocolOrder {
        serviceProviders = copy(serviceProviders);
        offences = copy(offences);
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}
