package eu.eevidence.gw.gateway.deadline;

/**
 * State of one deadline. RUNNING and SUSPENDED are open; the others are closed for good.
 *
 * <pre>
 * RUNNING   -> SUSPENDED (clock stopped, e.g. clarification pending; remaining time kept)
 * RUNNING   -> HELD      (held open with no end, e.g. Art. 29(7) once the MLA request is received)
 * SUSPENDED -> RUNNING   (resumed: new end = resume time + remaining)
 * HELD      -> RUNNING   (decided: the period restarts from its remaining time, at least to the legal end)
 * RUNNING   -> MET | BREACHED | EXPIRED | CLOSED (window closed) | CANCELLED
 * SUSPENDED / HELD -> MET | CANCELLED
 * </pre>
 */
public enum DeadlineState {
    RUNNING, SUSPENDED, HELD, MET, BREACHED, EXPIRED, CLOSED, CANCELLED;

    public boolean isOpen() {
        return this == RUNNING || this == SUSPENDED || this == HELD;
    }
}
