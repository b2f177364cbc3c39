package eu.eevidence.gw.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;
import eu.eevidence.gw.schema.validation.ValidationCode;

/** A closed period of time; both ends carry a zone offset. */
public record TimeRange(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to) {

    /** Validation only: the range must not end before it starts. */
    @JsonIgnore
    @AssertTrue(message = ValidationCode.Codes.TIME_RANGE)
    public boolean isOrdered() {
        return from == null || to == null || !from.isAfter(to);
    }
}
