package eu.eevidence.gw.gateway.console.cases;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.console.ApiAnswer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A case as the API's {@code GET /api/v1/cases[/{id}]} shows it, for the templates (nothing here decides anything). */
public record CaseView(Head head, Sender from, Review review, Outcome outcome, List<Event> events, List<Field> content) {

    /** What the case is. */
    public record Head(String id, String state, boolean terminal, String type) {
    }

    /** Who sent it, which message, when it came. */
    public record Sender(String node, String country, String messageId, Instant receivedAt) {
    }

    /** The review deadline (null values when none). */
    public record Review(String rule, Instant at, boolean overdue) {
    }

    /** The decision so far and what followed it (null values when none). */
    public record Outcome(String decision, Instant decidedAt, String code, String reason, Instant until, String platformId,
                          String domesticRequestId, String pendingAction) {
    }

    /** One timeline entry. */
    public record Event(long seq, String event, String from, String to, Instant occurredAt, Instant recordedAt, String actor, String detail) {
    }

    /** One field of the received message: its path in the document and its value. */
    public record Field(String path, String value) {
    }

    public static CaseView of(JsonNode n) {
        JsonNode due = n.path("reviewDeadline");
        JsonNode d = n.path("decision");
        List<Event> events = new ArrayList<>();
        for (JsonNode e : n.path("events")) {
            events.add(new Event(e.path("seq").asLong(), t(e, "event"), t(e, "from"), t(e, "to"), ApiAnswer.instant(e, "occurredAt"),
                    ApiAnswer.instant(e, "recordedAt"), t(e, "actor"), t(e, "detail")));
        }
        List<Field> content = new ArrayList<>();
        flatten("", n.path("content"), content);
        return new CaseView(new Head(t(n, "id"), t(n, "state"), n.path("terminal").asBoolean(false), t(n, "type")),
                new Sender(t(n, "fromNode"), t(n, "fromCountry"), t(n, "messageId"), ApiAnswer.instant(n, "receivedAt")),
                new Review(t(due, "rule"), ApiAnswer.instant(due, "at"), due.path("overdue").asBoolean(false)),
                new Outcome(t(d, "decision"), ApiAnswer.instant(d, "decidedAt"), t(d, "code"), t(d, "reason"), ApiAnswer.instant(d, "until"),
                        t(n, "platformId"), t(n, "domesticRequestId"), t(n, "pendingAction")),
                List.copyOf(events), List.copyOf(content));
    }

    // accessors the templates read
    public String id() {
        return head.id();
    }

    public String state() {
        return head.state();
    }

    public boolean terminal() {
        return head.terminal();
    }

    public String type() {
        return head.type();
    }

    public String fromNode() {
        return from.node();
    }

    public String fromCountry() {
        return from.country();
    }

    public String messageId() {
        return from.messageId();
    }

    public Instant receivedAt() {
        return from.receivedAt();
    }

    public String reviewRule() {
        return review.rule();
    }

    public Instant reviewAt() {
        return review.at();
    }

    public boolean overdue() {
        return review.overdue();
    }

    public String decision() {
        return outcome.decision();
    }

    public Instant decidedAt() {
        return outcome.decidedAt();
    }

    public String decisionCode() {
        return outcome.code();
    }

    public String decisionReason() {
        return outcome.reason();
    }

    public Instant postponedUntil() {
        return outcome.until();
    }

    public String platformId() {
        return outcome.platformId();
    }

    public String domesticRequestId() {
        return outcome.domesticRequestId();
    }

    /**
     * True for the Budapest Art. 29 and UNCC Art. 42 preservation cases, the ones an Art. 30 (UNCC Art. 43) partial
     * disclosure may follow.
     */
    public boolean preservation() {
        return "BUDAPEST_ART29_PRESERVATION".equals(type()) || "UNCC_ART42_PRESERVATION".equals(type());
    }

    private static String t(JsonNode n, String f) {
        return ApiAnswer.text(n, f);
    }

    /** Every leaf of a JSON document as (path, value), arrays as {@code [i]}; at most 500 fields. */
    static void flatten(String prefix, JsonNode n, List<Field> out) {
        if (out.size() >= 500 || n.isMissingNode() || n.isNull()) {
            return;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.add(new Field(prefix, n.asText()));
        }
    }
}
