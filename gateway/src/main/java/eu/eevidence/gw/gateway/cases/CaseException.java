package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.schema.validation.Violation;

import java.util.List;

/** A refused action on a case: HTTP status, stable code ({@code EEG-CASE-*}), human message, optional failing fields. */
public final class CaseException extends Exception {

    private final int status;
    private final String code;
    private final List<Violation> errors;

    public CaseException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public CaseException(int status, String code, String message, List<Violation> errors) {
        super(message);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> errors() {
        return errors;
    }
}
