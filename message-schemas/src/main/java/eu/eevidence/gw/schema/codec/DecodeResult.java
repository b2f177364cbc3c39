package eu.eevidence.gw.schema.codec;

import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.validation.Violation;

import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/** The outcome of decoding and validating one message. */
public sealed interface DecodeResult {

    /** Well-formed and valid against every rule of its type. */
    record Valid(EvidenceRequest request) implements DecodeResult {
    }

    /** Not acceptable: syntax errors ({@code EEG-JSON-*}) or rule violations ({@code EEG-VAL-*}). */
    record Invalid(List<Violation> violations) implements DecodeResult {
        public Invalid {
            violations = List.copyOf(violations);
        }

        /** True when the body could not even be read as a message (HTTP 400 rather than 422). */
        public boolean syntactic() {
            return violations.stream().anyMatch(v -> v.code().startsWith(ValidationCode.JSON_PREFIX));
        }
    }
}
