package eu.eevidence.gw.custody;

/** The one exception of the custody-log library: a stable {@link CustodyError} code and a one-line message. */
public final class CustodyException extends Exception {

    private final CustodyError error;

    public CustodyException(CustodyError error, String message) {
        super(message);
        this.error = error;
    }

    public CustodyException(CustodyError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public CustodyError error() {
        return error;
    }

    /** {@code EEG-CUS-nnn message}: what operators and the CLI print. */
    public String oneLine() {
        return error.code() + " " + getMessage();
    }
}
