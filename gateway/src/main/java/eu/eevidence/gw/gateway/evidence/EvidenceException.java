package eu.eevidence.gw.gateway.evidence;

/**
 * A refusal or failure of evidence intake or access, with its stable {@code EEG-EVD-*} code and the HTTP status the
 * API answers with. The message is for humans and never carries evidence content.
 */
public final class EvidenceException extends Exception {

    private final int status;
    private final String code;

    public EvidenceException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public EvidenceException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
