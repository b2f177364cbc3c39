package eu.eevidence.gw.gateway.network;

/**
 * Thrown by an {@link InboundCases} implementation (or the transport itself) inside the receiving transaction to refuse
 * a peer's message: the transaction rolls back (nothing is stored) and the peer gets a signed
 * {@code SUBMISSION_REJECTED} receipt with {@link #code()} (for good), or, when {@link #retryable()}, 503 without a
 * receipt (it sends again).
 */
public final class InboundRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final boolean retryable;

    public InboundRefusal(String code, String reason) {
        this(code, reason, false);
    }

    /**
     * @param retryable true when the refusal may pass (e.g. the case handling is not plugged in yet during start-up):
     *                  the peer then gets 503 without a receipt and sends the message again later
     */
    public InboundRefusal(String code, String reason, boolean retryable) {
        super(reason, null, false, false);
        this.code = code;
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public String code() {
        return code;
    }
}
