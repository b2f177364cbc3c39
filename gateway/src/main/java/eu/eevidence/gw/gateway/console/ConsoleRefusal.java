package eu.eevidence.gw.gateway.console;

/**
 * A console request refused with a stable code: rendered as the console's HTML error page (status, code, message; never a
 * stack trace) by {@link ConsoleResponses}. Thrown by the guards of {@link Console} (role, CSRF) before any service call.
 */
public final class ConsoleRefusal extends RuntimeException {

    private final int status;
    private final String code;
    private final String detail;

    public ConsoleRefusal(int status, String code, String detail) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
