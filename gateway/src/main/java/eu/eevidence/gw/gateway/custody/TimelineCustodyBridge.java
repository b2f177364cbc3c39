package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.gateway.order.TimelineListener;

import java.util.EnumMap;
import java.util.Map;

/**
 * Records in the custody log the timeline events that no feature hook records itself: deadline warnings, breaches and
 * ends, extensions and deadline changes, withdrawal, retention purges and every read of personal data. (Intake,
 * delivery and answers stage their own, richer custody events.)
 */
public final class TimelineCustodyBridge implements TimelineListener {

    static final Map<EventCode, CustodyEventType> MAPPED = new EnumMap<>(EventCode.class);

    static {
        MAPPED.put(EventCode.DEADLINE_WARNING, CustodyEventType.DEADLINE_WARNING);
        MAPPED.put(EventCode.DEADLINE_BREACHED, CustodyEventType.DEADLINE_BREACH);
        MAPPED.put(EventCode.DEADLINE_EXPIRED, CustodyEventType.DEADLINE_BREACH);
        MAPPED.put(EventCode.DEADLINE_EXTENDED, CustodyEventType.EXTENSION);
        MAPPED.put(EventCode.DEADLINE_CHANGED, CustodyEventType.EXTENSION);
        MAPPED.put(EventCode.WITHDRAWN, CustodyEventType.WITHDRAWAL);
        MAPPED.put(EventCode.RETENTION_PURGED, CustodyEventType.RETENTION_PURGE);
        MAPPED.put(EventCode.ONWARD_TRANSFER, CustodyEventType.ONWARD_TRANSFER);
        MAPPED.put(EventCode.PERSONAL_DATA_ACCESSED, CustodyEventType.EVIDENCE_OPENED);
        MAPPED.put(EventCode.CLARIFICATION_ANSWERED, CustodyEventType.CLARIFICATION);
    }

    private final CustodyRecorder custody;

    public TimelineCustodyBridge(CustodyRecorder custody) {
        this.custody = custody;
    }

    @Override
    public void appended(Tx c, String requestId, TimelineEvent e) {
        CustodyEventType type = MAPPED.get(e.event());
        if (type == null) {
            return;
        }
        String actor = e.actor() == null ? "node" : e.actor();
        String cert = actor.startsWith("client:") ? actor.substring("client:".length()) : null;
        custody.stage(c, new CustodyEvent(type, requestId, e.occurredAt(), actor, cert, e.from(), e.to(), null,
                e.event().name() + (e.detail() == null ? "" : ": " + e.detail())));
    }
}
