package eu.eevidence.gw.schema.validation;

import java.util.Objects;

/**
 * One thing wrong with a message: where ({@code path}, in JSON-pointer-like dotted form starting at
 * {@code $}), which rule ({@code code}) and a human explanation without any internal detail.
 */
public record Violation(String path, String code, String message) {

    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Violation of(String path, ValidationCode code) {
        return new Violation(path, code.code(), code.message());
    }
}
