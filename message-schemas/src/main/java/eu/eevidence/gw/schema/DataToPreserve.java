package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.Set;

/**
 * The stored computer data to be preserved and its relationship to the offence (Art. 29(2)(c)).
 *
 * @param description        what is to be preserved
 * @param categories         which categories of data
 * @param relationToOffence  why these data relate to the offence
 * @param timeRange          the period the data cover, when known
 */
public record DataToPreserve(
        @NotBlank @SafeText(max = 4000) String description,
        @NotEmpty Set<@NotNull DataCategory> categories,
        @NotBlank @SafeText(max = 4000) String relationToOffence,
        @Valid TimeRange timeRange) {

    public DataToPreserve {
        categories = categories == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(categories));
    }
}
