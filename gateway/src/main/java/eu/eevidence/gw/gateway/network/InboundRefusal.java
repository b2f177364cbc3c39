package eu.eevidence.gw.gateway.network;

/**
 * Thrown by an {@link InboundCases} implementation (or the transport itself) inside the receiving transaction to refuse
 * a peer's message for good: the transaction rolls back (nothing is stored) and the peer gets a signed
 * {@code SUBMISSION_REJECTED} receipt with {@link #code()}.
 */
public final class InboundRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public InboundRefusal(String code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
