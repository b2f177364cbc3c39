package eu.eevidence.gw.gateway.order;

/** A transition that the lifecycle table forbids. Stable code {@value #CODE}. */
public final class IllegalTransitionException extends RuntimeException {
    public static final String CODE = OrderError.LIFE_001.code();
    private static final long serialVersionUID = 1L;

    private final transient Lifecycle lifecycle;
    private final RequestState from;
    private final RequestState to;

    public IllegalTransitionException(Lifecycle lifecycle, RequestState from, RequestState to) {
        super(CODE + " illegal transition " + from + " -> " + to + " for a " + lifecycle.name().toLowerCase(java.util.Locale.ROOT) + " request");
        this.lifecycle = lifecycle;
        this.from = from;
        this.to = to;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public RequestState from() {
        return from;
    }

    public RequestState to() {
        return to;
    }
}
