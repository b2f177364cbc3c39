package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Instant;

/**
 * What a follow-up notice's delivery attempt leaves in the database: its state, the timeline event, and when it will
 * not be delivered the alarm (ADR-0030, ADR-0032). Split out of {@link DeliveryService} (issue 15 item 5).
 */
final class NoticeOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class); // same logger as before the split
    private static final String NODE = "node";
    private final RequestRepository requests;
    private final Clock clock;
    private final AlarmLog alarms;
    private final DeliveryMetrics metrics;

    NoticeOutcomes(RequestRepository requests, Clock clock, AlarmLog alarms, DeliveryMetrics metrics) {
        this.requests = requests;
        this.clock = clock;
        this.alarms = alarms;
        this.metrics = metrics;
    }

    void givenUp(String noticeId, String why) {
        requests.database().inTx(c -> {
            Notice n = requests.findNotice(c, noticeId).orElse(null);
            if (n != null && "PENDING".equals(n.state())) {
                requests.updateNotice(c, noticeId, "FAILED", null, DeliveryError.DLV_DEAD_LETTER.code(), clock.instant());
                RequestRecord r = requests.find(c, n.requestId(), true).orElseThrow();
                alarms.raise(c, new Alarm.FollowUpNotDelivered(new Alarm.Subject(r.id(), r.messageType(), r.nextDeadlineAt(), noticeId,
                        r.ownerFingerprint())));
                requests.appendEvent(c, n.requestId(), new TimelineEvent(0, EventCode.FOLLOW_UP_NOT_DELIVERED, null, null, clock.instant(),
                        clock.instant(), NODE, DeliveryError.DLV_DEAD_LETTER.code() + ": " + n.kind() + " notice " + n.id() + " " + why
                                + unconfirmed(n)));
                undeliveredAlarm(n, DeliveryError.DLV_DEAD_LETTER.code());
            }
            return null;
        });
        metrics.deadLetters.increment();
        LOG.error(DeliveryError.DLV_DEAD_LETTER.code() + " notice {} {}", noticeId, why);
    }

    void outcome(Notice n, String state, String receiptId, String error, EventCode event) {
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            requests.updateNotice(c, n.id(), state, receiptId, error, now);
            if ("FAILED".equals(state)) { // ADR-0030: a follow-up that cannot be delivered reaches people
                RequestRecord r = requests.find(c, n.requestId(), true).orElseThrow();
                alarms.raise(c, new Alarm.FollowUpNotDelivered(new Alarm.Subject(r.id(), r.messageType(), r.nextDeadlineAt(), n.id(),
                        r.ownerFingerprint())));
            }
            if (event != null) {
                requests.find(c, n.requestId(), true);
                String detail = receiptId != null
                        ? "delivered, receipt " + receiptId + (n.deadlineRule() == null ? "" : "; deadline " + n.deadlineRule() + " confirmed by the addressee")
                        : "failed: " + error + unconfirmed(n);
                requests.appendEvent(c, n.requestId(), new TimelineEvent(0, event, null, null, now, now, NODE, n.kind() + " notice " + n.id() + " "
                        + detail));
            }
            return null;
        });
        if ("FAILED".equals(state)) {
            undeliveredAlarm(n, error);
        }
    }

    static String unconfirmed(Notice n) {
        return n.deadlineRule() == null ? "" : "; deadline " + n.deadlineRule() + " stays NOT confirmed by the addressee";
    }

    /**
     * The alarm of a follow-up that will not be delivered (ADR-0032): an ERROR line with a stable code for the operator;
     * the request shows it (timeline FOLLOW_UP_NOT_DELIVERED, {@code followUps} on the API, the console's alarm list).
     */
    static void undeliveredAlarm(Notice n, String error) {
        LOG.error(DeliveryError.DLV_FOLLOW_UP_UNDELIVERED.code() + " {} follow-up {} of request {} will not be delivered ({}){}", n.kind(), n.id(),
                n.requestId(), error, unconfirmed(n));
    }
}
