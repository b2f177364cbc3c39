package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.deadline.Deadline;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.gateway.privacy.OnwardTransfers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code /api/v1/requests} shows a request and what hangs off it (follow-ups, timeline entries, deadlines, onward
 * transfers) as JSON maps, and which payload format a submission's media type names. Shared by the API resources
 * that answer with a request ({@link RequestResource}, {@link HandoffResource}, {@link PlatformResource}).
 */
final class RequestViews {

    private RequestViews() {
    }

    /** A request as the API shows it, without the overdue flag of its next deadline. */
    static Map<String, Object> view(RequestRecord r) {
        return view(r, null);
    }

    /** A request as the API shows it; {@code now} sets the overdue flag of its next deadline. */
    static Map<String, Object> view(RequestRecord r, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("type", r.messageType());
        v.put("platformId", r.platformId());
        v.put("requestedParty", r.requestedParty());
        v.put("state", r.state().name());
        v.put("terminal", r.state().isTerminal());
        v.put("receivedAt", r.receivedAt());
        v.put("updatedAt", r.updatedAt());
        v.put("deliveryAttempts", r.deliveryAttempts());
        v.put("payloadSha256", r.sealedSha256());
        if (r.receiptId() != null) {
            v.put("receiptId", r.receiptId());
        }
        if (r.nextDeadlineAt() != null) {
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("at", r.nextDeadlineAt());
            next.put("kind", r.nextDeadlineKind());
            if (now != null) {
                next.put("overdue", r.nextDeadlineAt().isBefore(now));
            }
            v.put("nextDeadline", next);
        }
        if (r.preservationStart() != null) {
            v.put("preservation", Map.of("start", r.preservationStart(), "end", r.preservationEnd()));
        }
        if (r.failureCode() != null) {
            v.put("lastError", Map.of("code", r.failureCode(), "reason", r.failureReason() == null ? "" : r.failureReason()));
        }
        v.put("links", Map.of("self", "/api/v1/requests/" + r.id(), "timeline", "/api/v1/requests/" + r.id() + "/timeline",
                "deadlines", "/api/v1/requests/" + r.id() + "/deadlines"));
        return v;
    }

    /** One follow-up of a request as the API shows it (no content: the sealed payload's digest). */
    static Map<String, Object> followUp(Notice n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("type", n.kind());
        m.put("state", n.state());
        m.put("delivered", n.sent());
        m.put("attempts", n.attempts());
        m.put("createdAt", n.createdAt());
        if (n.sentAt() != null) {
            m.put("deliveredAt", n.sentAt());
        }
        if (n.receiptId() != null) {
            m.put("receiptId", n.receiptId());
        }
        if (n.deadlineRule() != null) {
            m.put("deadlineRule", n.deadlineRule());
            m.put("newDeadline", n.dueAt());
        }
        if (n.lastError() != null && !n.sent()) {
            m.put("lastError", n.lastError());
        }
        m.put("payloadSha256", n.payloadSha256());
        return m;
    }

    /** One timeline entry. */
    static Map<String, Object> event(TimelineEvent e) {
        return Json.timelineEntry(e.seq(), e.event().name(), e.from(), e.to(), e.occurredAt(), e.recordedAt(), e.actor(), e.detail());
    }

    /** One onward transfer (ADR-0020). */
    static Map<String, Object> transferView(OnwardTransfers.Transfer t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("requestId", t.requestId());
        m.put("recipient", t.recipient());
        m.put("legalBasis", t.legalBasis());
        m.put("authorisationReference", t.authorisationReference());
        m.put("recordedBy", t.recordedBy());
        m.put("recordedAt", t.recordedAt().toString());
        return m;
    }

    /** One deadline of a request: rule, source article, state and end (UTC and in the requested party's zone). */
    static Map<String, Object> deadline(Deadline d, boolean confirmed, ZoneId zone, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", d.ruleId());
        m.put("confirmedByAddressee", confirmed);
        m.put("instrument", d.instrument());
        m.put("state", d.state().name());
        m.put("onDue", d.onDue().name());
        m.put("startedAt", d.startedAt());
        if (d.dueAt() != null) {
            m.put("dueAt", d.dueAt());
            m.put("dueAtRequestedPartyZone", d.dueAt().atZone(zone).toOffsetDateTime().toString() + "[" + zone + "]");
            m.put("overdue", d.state().isOpen() && d.dueAt().isBefore(now));
        }
        if (d.remainingMillis() != null) {
            m.put("remaining", Duration.ofMillis(d.remainingMillis()).toString());
        }
        m.put("extensions", d.extensions());
        if (d.closedAt() != null) {
            m.put("closedAt", d.closedAt());
        }
        m.put("source", d.source());
        return m;
    }

    /** The payload format a submission's {@code Content-Type} names (UTF-8 only for text), or null when none fits. */
    static PayloadFormat payloadFormat(String contentType) {
        return isJson(contentType) ? PayloadFormat.JSON
                : isMediaType(contentType, "application/xml") ? PayloadFormat.XML
                : isMediaType(contentType, "application/pkcs7-mime") || isMediaType(contentType, "application/cms") ? PayloadFormat.SIGNED_CMS
                : null;
    }

    private static boolean isJson(String contentType) {
        return isMediaType(contentType, "application/json");
    }

    private static boolean isMediaType(String contentType, String type) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals(type)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }
}
