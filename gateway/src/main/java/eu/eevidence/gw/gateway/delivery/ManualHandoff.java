package eu.eevidence.gw.gateway.delivery;


/**
 * Delivery to a platform without a machine interface (adapter kind {@value #KIND}, built into the gateway): instead of
 * calling an adapter, {@link DeliveryService} asks this to prepare the package for manual submission. The request then
 * waits in DISPATCHED until an operator confirms the hand-off; nothing marks it delivered before that.
 */
public interface ManualHandoff {

    String KIND = "manual-pdf";

    /** Prepares the package of a request that awaits delivery (idempotent: a redelivered queue message changes nothing). */
    void prepare(String requestId);

    /**
     * Prepares the package of a follow-up (a PENDING notice) for manual submission (ADR-0032); the notice then waits in
     * state HANDOFF until the submitter confirms the hand-over. Idempotent.
     */
    void prepareFollowUp(String noticeId);
}
