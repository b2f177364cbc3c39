package eu.eevidence.gw.schema.codec;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.validation.Violation;

import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/** The outcome of decoding and validating one enveloped message (JSON or XML). */
public sealed interface Decoded {

    /** Well-formed, schema-valid and valid against every rule of its type. */
    record Valid(Envelope envelope) implements Decoded {
    }

    /**
     * Not acceptable: syntax or schema errors ({@code EEG-JSON-*}, {@code EEG-XML-*}) or rule violations
     * ({@code EEG-VAL-*}). Messages never contain exception text.
     */
    record Invalid(List<Violation> violations) implements Decoded {
        public Invalid {
            violations = List.copyOf(violations);
        }

        /** True when the body could not be read as a message at all (HTTP 400 rather than 422). */
        public boolean syntactic() {
            return violations.stream().anyMatch(v -> v.code().startsWith(ValidationCode.JSON_PREFIX) || v.code().startsWith(ValidationCode.XML_PREFIX));
        }
    }
}
