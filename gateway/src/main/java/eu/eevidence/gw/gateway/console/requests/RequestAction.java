package eu.eevidence.gw.gateway.console.requests;

import java.util.List;

/**
 * The actions of the API on one request that the request page offers (each a POST form with a confirmation step):
 * their path segment, their fields, and the message keys of their label ({@code action.<id>}) and of their fields
 * ({@code action.field.<name>}).
 */
public enum RequestAction {
    WITHDRAW("withdraw", true, List.of(Field.textarea("reason", true))),
    /** Formal correspondence to the addressee, a follow-up that travels (ADR-0032). */
    CORRESPOND("correspond", false, List.of(Field.textarea("text", true))),
    EXTEND("extend", false, List.of(Field.select("rule", true))),
    DEADLINE("deadline", false, List.of(Field.select("rule", true), Field.datetime("dueAt", true), Field.textarea("reason", false))),
    EVENT("event", false, List.of(Field.select("event", true), Field.datetime("occurredAt", false), Field.textarea("detail", false))),
    HOLD("hold", false, List.of(Field.textarea("reason", true))),
    UNHOLD("unhold", false, List.of()),
    HANDOFF("handoff", false, List.of(Field.text("platformReference", true), Field.datetime("handedOverAt", false))),
    /** A hash list after a removal order, for resurfacing prevention (ADR-0038); offered on removal orders only. */
    HASH_LIST("hash-list", false, List.of(Field.select("source", true), Field.textarea("hashes", false), Field.text("matchDistance", false))),
    /** Moves an ended request to the secure archive (ADR-0039); offered on ended requests not yet archived. */
    ARCHIVE("archive", true, List.of(Field.textarea("reason", true)));

    /** Where a hash list's hashes come from, besides those typed ({@code hashList.source.<value>}). */
    public static final List<String> HASH_SOURCES = List.of("order", "order-evidence", "given");

    /** A form field: its name (also the API's JSON member), kind and whether the API requires it. */
    public record Field(String name, Kind kind, boolean required) {
        public enum Kind { TEXT, TEXTAREA, SELECT, DATETIME }

        static Field text(String name, boolean required) {
            return new Field(name, Kind.TEXT, required);
        }

        static Field textarea(String name, boolean required) {
            return new Field(name, Kind.TEXTAREA, required);
        }

        static Field select(String name, boolean required) {
            return new Field(name, Kind.SELECT, required);
        }

        static Field datetime(String name, boolean required) {
            return new Field(name, Kind.DATETIME, required);
        }

        public boolean is(String kind) {
            return this.kind.name().equals(kind);
        }
    }

    /** The requester-side events the API records ({@code POST /api/v1/requests/{id}/events}). */
    public static final List<String> EVENTS = List.of("MLA_RECEIVED", "MLA_DECIDED", "SUBSEQUENT_REQUEST_CONFIRMED", "CLARIFICATION_ANSWERED",
            "PRESERVATION_ENDED");

    private final String id;
    private final boolean dangerous;
    private final List<Field> fields;

    RequestAction(String id, boolean dangerous, List<Field> fields) {
        this.id = id;
        this.dangerous = dangerous;
        this.fields = fields;
    }

    public String id() {
        return id;
    }

    public boolean dangerous() {
        return dangerous;
    }

    public List<Field> fields() {
        return fields;
    }

    public static RequestAction byId(String id) {
        for (RequestAction a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        return null;
    }
}
