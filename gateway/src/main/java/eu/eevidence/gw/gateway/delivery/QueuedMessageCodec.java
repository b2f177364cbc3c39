package eu.eevidence.gw.gateway.delivery;

/**
 * The one codec between {@link QueuedMessage} and the body string of a delivery queue message. The wire format is the
 * one every earlier version wrote, so that messages in a persistent broker journal survive an upgrade:
 * <ul>
 *   <li>a bare id ({@code REQ-...}): {@link QueuedMessage.RequestDelivery};</li>
 *   <li>{@value #NOTICE_PREFIX}{@code <id>}: {@link QueuedMessage.NoticeDelivery};</li>
 *   <li>{@value #NETWORK_PREFIX}{@code <id>}: {@link QueuedMessage.NetworkSend}.</li>
 * </ul>
 * An id is 1 to {@value #MAX_ID_LENGTH} printable ASCII characters without spaces or {@code :}, so no id can be read
 * as another kind. Anything else decodes to {@link QueuedMessage.Unknown}, never to an exception. The encoded body is
 * also the message's duplicate id ({@code _AMQ_DUPL_ID}), as before.
 */
public final class QueuedMessageCodec {

    /** Prefix of queue bodies that carry a notice id. */
    public static final String NOTICE_PREFIX = "notice:";
    /** Prefix of queue bodies that carry a network outbox id. */
    public static final String NETWORK_PREFIX = "network:";
    /** Longest id accepted (ids in the database are at most 40 characters; room for what an older version wrote). */
    public static final int MAX_ID_LENGTH = 200;
    private static final int MAX_PRINTED = 80;

    private QueuedMessageCodec() {
    }

    /** The queue body of {@code message}; an {@link QueuedMessage.Unknown} gives back its body as received. */
    public static String encode(QueuedMessage message) {
        return message.accept(new QueuedMessage.Visitor<String, RuntimeException>() {
            @Override
            public String request(QueuedMessage.RequestDelivery m) {
                return m.requestId();
            }

            @Override
            public String notice(QueuedMessage.NoticeDelivery m) {
                return NOTICE_PREFIX + m.noticeId();
            }

            @Override
            public String network(QueuedMessage.NetworkSend m) {
                return NETWORK_PREFIX + m.outboxId();
            }

            @Override
            public String unknown(QueuedMessage.Unknown m) {
                return m.raw();
            }
        });
    }

    /** The message a queue body carries; {@link QueuedMessage.Unknown} (with the reason) for anything unreadable. */
    public static QueuedMessage decode(String body) {
        if (body == null || body.isEmpty()) {
            return new QueuedMessage.Unknown(body, "empty body");
        }
        if (body.startsWith(NOTICE_PREFIX)) {
            String id = body.substring(NOTICE_PREFIX.length());
            String bad = problemOf(id);
            return bad == null ? new QueuedMessage.NoticeDelivery(id) : new QueuedMessage.Unknown(body, "notice " + bad);
        }
        if (body.startsWith(NETWORK_PREFIX)) {
            String id = body.substring(NETWORK_PREFIX.length());
            String bad = problemOf(id);
            return bad == null ? new QueuedMessage.NetworkSend(id) : new QueuedMessage.Unknown(body, "outbox " + bad);
        }
        if (body.indexOf(':') >= 0) {
            return new QueuedMessage.Unknown(body, "unknown kind");
        }
        String bad = problemOf(body);
        return bad == null ? new QueuedMessage.RequestDelivery(body) : new QueuedMessage.Unknown(body, "request " + bad);
    }

    /** A short form of an unreadable body that is safe to log: its length, and at most 80 of its characters, '?' for others. */
    public static String printable(String raw) {
        if (raw == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), MAX_PRINTED) + 24);
        for (int i = 0; i < Math.min(raw.length(), MAX_PRINTED); i++) {
            char ch = raw.charAt(i);
            b.append(ch > 0x20 && ch < 0x7f ? ch : '?');
        }
        if (raw.length() > MAX_PRINTED) {
            b.append("...");
        }
        return b.append(" (").append(raw.length()).append(" chars)").toString();
    }

    static void requireId(String id, String what) {
        String bad = problemOf(id);
        if (bad != null) {
            throw new IllegalArgumentException(DeliveryError.DLV_UNREADABLE.code() + " a queued message needs a " + what + ": " + bad);
        }
    }

    /** Null when {@code id} is a well-formed id, else what is wrong with it. */
    private static String problemOf(String id) {
        if (id == null || id.isEmpty()) {
            return "id missing";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "id longer than " + MAX_ID_LENGTH + " characters";
        }
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (ch <= 0x20 || ch >= 0x7f || ch == ':') {
                return "id with a character outside printable ASCII or ':'";
            }
        }
        return null;
    }
}
