package eu.eevidence.gw.pki;

/**
 * A checked failure of the PKI layer carrying a stable {@link PkiError}. The exception message is
 * {@code "<code> <default message>: <detail>"}; the detail is meant for logs, not for remote parties.
 */
public final class PkiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final PkiError error;

    public PkiException(PkiError e, String detail) {
        this(e, detail, null);
    }

    public PkiException(PkiError e, String detail, Throwable cause) {
        super(format(e, detail), cause);
        this.error = e == null ? PkiError.INTERNAL : e;
    }

    private static String format(PkiError e, String detail) {
        PkiError err = e == null ? PkiError.INTERNAL : e;
        return err.code() + " " + err.message() + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }

    public PkiError error() {
        return error;
    }

    public String code() {
        return error.code();
    }
}
