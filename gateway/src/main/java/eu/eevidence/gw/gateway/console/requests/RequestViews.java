package eu.eevidence.gw.gateway.console.requests;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON answers about requests, read into the small records the request templates show. */
public final class RequestViews {

    private RequestViews() {
    }

    /** A request as a row of a list: {@code GET /api/v1/requests} items and {@code GET /api/v1/requests/{id}}. */
    public record Row(String id, String type, String state, boolean terminal, String platformId, String requestedParty, Times times,
                      Status status) {

        /** Its instants. */
        public record Times(Instant receivedAt, Instant updatedAt, Instant nextDeadlineAt, Instant preservationStart, Instant preservationEnd) {
        }

        /** Its next deadline's kind and whether it is overdue, the platform's receipt and the last error. */
        public record Status(String nextDeadlineKind, boolean overdue, String receiptId, String lastErrorCode, String lastErrorReason) {
        }

        public Instant receivedAt() {
            return times.receivedAt();
        }

        public Instant updatedAt() {
            return times.updatedAt();
        }

        public Instant nextDeadlineAt() {
            return times.nextDeadlineAt();
        }

        public Instant preservationStart() {
            return times.preservationStart();
        }

        public Instant preservationEnd() {
            return times.preservationEnd();
        }

        public String nextDeadlineKind() {
            return status.nextDeadlineKind();
        }

        public boolean overdue() {
            return status.overdue();
        }

        public String receiptId() {
            return status.receiptId();
        }

        public String lastErrorCode() {
            return status.lastErrorCode();
        }

        public String lastErrorReason() {
            return status.lastErrorReason();
        }

        /** True when {@code type} or the next deadline's kind names an emergency (Art. 9(2) e-Evidence, 8 hours). */
        public boolean emergency() {
            return contains(type, "EMERG") || contains(nextDeadlineKind(), "EMERG");
        }

        private static boolean contains(String s, String part) {
            return s != null && s.toUpperCase(java.util.Locale.ROOT).contains(part);
        }
    }

    /** One deadline of {@code GET /api/v1/requests/{id}/deadlines}. */
    public record DeadlineView(String rule, String instrument, String state, String source, Times times, boolean overdue, int extensions,
                               String onDue) {

        /** Its start, its end (UTC and in the requested Party's zone) and when it closed. */
        public record Times(Instant startedAt, Instant dueAt, ZonedDateTime dueInRequestedPartyZone, Instant closedAt) {
        }

        public Instant dueAt() {
            return times.dueAt();
        }

        public boolean open() {
            return state.equals("RUNNING") || state.equals("SUSPENDED") || state.equals("HELD");
        }

        public ZoneId requestedPartyZone() {
            return times.dueInRequestedPartyZone() == null ? null : times.dueInRequestedPartyZone().getZone();
        }
    }

    /** One timeline entry. */
    public record Event(long seq, String event, String from, String to, Instant occurredAt, Instant recordedAt, String actor, String detail) {
    }

    /** One evidence item. */
    public record Item(String itemId, String mediaType, long size, String sha256, String source, String supplier, Instant storedAt) {
    }

    /** One network evidence (DELIVERED, RETRIEVED) of the peer node. */
    public record NetworkEvidence(String kind, String issuer, Instant issuedAt, String receiptId, String sha256) {
    }

    /** One inbound case (the requested Party's desk), for the alarm list. */
    public record CaseRow(String id, String type, String state, String fromCountry, Instant receivedAt, Instant reviewDueAt, boolean overdue) {
        public boolean emergency() {
            return type != null && type.toUpperCase(java.util.Locale.ROOT).contains("EMERG");
        }
    }

    public static List<Row> rows(JsonNode list) {
        List<Row> out = new ArrayList<>();
        for (JsonNode n : list.path("items")) {
            out.add(row(n));
        }
        return out;
    }

    public static Row row(JsonNode n) {
        JsonNode next = n.path("nextDeadline");
        JsonNode err = n.path("lastError");
        JsonNode pres = n.path("preservation");
        return new Row(n.path("id").asText(), text(n, "type"), text(n, "state"), n.path("terminal").asBoolean(), text(n, "platformId"),
                text(n, "requestedParty"),
                new Row.Times(instant(n.path("receivedAt")), instant(n.path("updatedAt")), instant(next.path("at")), instant(pres.path("start")),
                        instant(pres.path("end"))),
                new Row.Status(text(next, "kind"), next.path("overdue").asBoolean(false), text(n, "receiptId"), text(err, "code"),
                        text(err, "reason")));
    }

    public static List<DeadlineView> deadlines(JsonNode body) {
        List<DeadlineView> out = new ArrayList<>();
        for (JsonNode d : body.path("deadlines")) {
            ZonedDateTime local = null;
            String z = text(d, "dueAtRequestedPartyZone");
            if (z != null) {
                try {
                    local = ZonedDateTime.parse(z);
                } catch (DateTimeParseException e) {
                    local = null;
                }
            }
            out.add(new DeadlineView(text(d, "rule"), text(d, "instrument"), text(d, "state"), text(d, "source"),
                    new DeadlineView.Times(instant(d.path("startedAt")), instant(d.path("dueAt")), local, instant(d.path("closedAt"))),
                    d.path("overdue").asBoolean(false), d.path("extensions").asInt(0), text(d, "onDue")));
        }
        return out;
    }

    /** The rules of the deadlines a follow-up changed that the addressee has not confirmed yet (ADR-0032). */
    public static java.util.Set<String> unconfirmed(JsonNode body) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (JsonNode d : body.path("deadlines")) {
            if (!d.path("confirmedByAddressee").asBoolean(true)) {
                out.add(text(d, "rule"));
            }
        }
        return out;
    }

    public static List<Event> events(JsonNode body) {
        List<Event> out = new ArrayList<>();
        for (JsonNode e : body.path("events")) {
            out.add(new Event(e.path("seq").asLong(), text(e, "event"), text(e, "from"), text(e, "to"), instant(e.path("occurredAt")),
                    instant(e.path("recordedAt")), text(e, "actor"), text(e, "detail")));
        }
        return out;
    }

    public static List<Item> items(JsonNode body) {
        List<Item> out = new ArrayList<>();
        for (JsonNode i : body.path("items")) {
            out.add(new Item(text(i, "itemId"), text(i, "mediaType"), i.path("size").asLong(), text(i, "sha256"), text(i, "source"),
                    text(i, "supplier"), instant(i.path("storedAt"))));
        }
        return out;
    }

    /**
     * A removal order's terms and the platform's figures (ADR-0033): remove within hours, preserve for days, how many hashes
     * the order carried; once removed, when, how many items and how many hash matches (null without hashes).
     */
    public record Removal(int removeWithinHours, int preservationDays, int hashCount, Instant removedAt, Integer itemsRemoved,
                          Integer hashMatches) {
    }

    /** The status's {@code removal}, or null for any request but a removal order. */
    public static Removal removal(JsonNode status) {
        JsonNode m = status.path("removal");
        if (!m.isObject()) {
            return null;
        }
        return new Removal(m.path("removeWithinHours").asInt(), m.path("preservationDays").asInt(), m.path("hashCount").asInt(),
                instant(m.path("removedAt")), m.has("itemsRemoved") ? m.path("itemsRemoved").asInt() : null,
                m.has("hashMatches") ? m.path("hashMatches").asInt() : null);
    }

    /**
     * A hash list sent after a removal order (ADR-0038): its id, when, how many hashes of each kind, the match distance;
     * once applied, the platform's figures (null before). Counts only, never a hash.
     */
    public record HashList(String listId, Instant sentAt, int pdqCount, int sha256Count, int matchDistance, Applied applied) {

        /** The platform's figures: when, matched, removed, re-uploads blocked. */
        public record Applied(Instant at, int matched, int removed, int reuploadsBlocked) {
        }
    }

    /** The status's {@code hashLists} (empty without). */
    public static List<HashList> hashLists(JsonNode status) {
        List<HashList> out = new ArrayList<>();
        for (JsonNode l : status.path("hashLists")) {
            HashList.Applied applied = l.has("appliedAt") ? new HashList.Applied(instant(l.path("appliedAt")), l.path("matched").asInt(),
                    l.path("removed").asInt(), l.path("reuploadsBlocked").asInt()) : null;
            out.add(new HashList(text(l, "listId"), instant(l.path("sentAt")), l.path("pdqCount").asInt(), l.path("sha256Count").asInt(),
                    l.path("matchDistance").asInt(), applied));
        }
        return out;
    }

    public static List<NetworkEvidence> networkEvidences(JsonNode status) {
        List<NetworkEvidence> out = new ArrayList<>();
        for (JsonNode e : status.path("networkEvidences")) {
            out.add(new NetworkEvidence(text(e, "kind"), text(e, "issuer"), instant(e.path("issuedAt")), text(e, "receiptId"), text(e, "sha256")));
        }
        return out;
    }

    public static List<CaseRow> cases(JsonNode list) {
        List<CaseRow> out = new ArrayList<>();
        for (JsonNode k : list.path("items")) {
            JsonNode due = k.path("reviewDeadline");
            out.add(new CaseRow(text(k, "id"), text(k, "type"), text(k, "state"), text(k, "fromCountry"), instant(k.path("receivedAt")),
                    instant(due.path("at")), due.path("overdue").asBoolean(false)));
        }
        return out;
    }

    /** Counts of a stats answer's {@code byState} (non-zero only, in the API's order) or {@code byDeadlineBand} (all). */
    public static Map<String, Long> counts(JsonNode stats, String member, boolean nonZeroOnly) {
        Map<String, Long> out = new LinkedHashMap<>();
        var it = stats.path(member).fields();
        while (it.hasNext()) {
            var e = it.next();
            long v = e.getValue().asLong();
            if (!nonZeroOnly || v > 0) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** The deadline bands of a stats answer, most urgent first (the API's JSON sorts them by name). */
    public static Map<String, Long> bands(JsonNode stats) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String band : BANDS) {
            out.put(band, stats.path("byDeadlineBand").path(band).asLong(0));
        }
        return out;
    }

    /** The bands of {@code TrackingQueries.stats}, most urgent first. */
    public static final List<String> BANDS = List.of("overdue", "within24h", "within7d", "later", "none");

    static String text(JsonNode n, String member) {
        JsonNode v = n.path(member);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    static Instant instant(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return v.isNumber() ? Instant.ofEpochMilli(v.asLong()) : Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
