package eu.eevidence.gw.gateway.delivery;

/**
 * Thrown by the delivery step when an attempt failed in a way that may pass. The transacted route rolls the
 * broker message back, and the broker redelivers it after its back-off (and dead-letters it after the bound).
 */
public final class RetryLaterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RetryLaterException(String code, String reason) {
        super(code + " " + reason, null, false, false);
    }
}
