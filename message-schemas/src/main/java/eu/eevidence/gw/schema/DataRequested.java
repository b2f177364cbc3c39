package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.Set;

/**
 * The data sought: categories, a detailed description and the period covered.
 *
 * @param categories   subscriber, identification-only, traffic, content (Art. 3(9)-(12) Reg. (EU) 2023/1543)
 * @param description  detailed description of the data sought
 * @param timeRange    the period the data cover, when known
 */
public record DataRequested(
        @NotEmpty Set<@NotNull DataCategory> categories,
        @NotBlank @SafeText(max = 4000) String description,
        @Valid TimeRange timeRange) {

    public DataRequested {
        categories = categories == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(categories));
    }

    /** True when traffic data (other than for identification only) or content data are sought. */
    public boolean sensitiveCategories() {
        return categories != null && (categories.contains(DataCategory.TRAFFIC) || categories.contains(DataCategory.CONTENT));
    }
}
