package eu.eevidence.gw.custody.entry;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One custody log entry, version 1. It holds no personal data in clear: the event type, two UTC timestamps, the
 * actor's certificate fingerprint, the request id (a gateway UUID), hashes of the message and items, the state
 * transition and a salted commitment {@code SHA-256(salt || record)} to the full event record kept in the
 * gateway's database. The byte-exact encoding is in docs/design/custody-log.md:
 *
 * <pre>
 * u8  version (0x01) | u16 event type | i64 occurredAt ms | i64 recordedAt ms | 32 actor fingerprint
 * | 16 request id | u8 n + n ASCII from-state | u8 n + n ASCII to-state | 32 message hash
 * | u16 item count + 32 each | 32 commitment          (all integers big-endian; zeros = none)
 * </pre>
 */
public record CustodyEntry(CustodyEventType type, Instant occurredAt, Instant recordedAt, byte[] actorFingerprint,
                           Optional<UUID> requestId, String fromState, String toState, byte[] messageHash,
                           List<byte[]> itemHashes, byte[] commitment) {

    public static final int VERSION = 1;
    public static final int MAX_ITEMS = 1000;
    private static final byte[] ZERO = new byte[32];

    public CustodyEntry {
        actorFingerprint = hash(actorFingerprint, "actor fingerprint");
        messageHash = hash(messageHash, "message hash");
        commitment = hash(commitment, "commitment");
        List<byte[]> items = new ArrayList<>();
        for (byte[] h : itemHashes) {
            items.add(hash(h, "item hash"));
        }
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("more than " + MAX_ITEMS + " item hashes");
        }
        itemHashes = List.copyOf(items);
        fromState = state(fromState);
        toState = state(toState);
        if (type == null || occurredAt == null || recordedAt == null || requestId == null) {
            throw new IllegalArgumentException("type, timestamps and request id (maybe empty) are required");
        }
        occurredAt = Instant.ofEpochMilli(occurredAt.toEpochMilli());
        recordedAt = Instant.ofEpochMilli(recordedAt.toEpochMilli());
    }

    private static byte[] hash(byte[] h, String what) {
        if (h == null) {
            return ZERO.clone();
        }
        if (h.length != 32) {
            throw new IllegalArgumentException(what + " must have 32 bytes");
        }
        return h.clone();
    }

    private static String state(String s) {
        if (s == null) {
            return "";
        }
        if (s.length() > 64 || !s.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
            throw new IllegalArgumentException("a state name is up to 64 characters A-Z, 0-9, _");
        }
        return s;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + 8 + 8 + 32 + 16 + 1 + fromState.length() + 1 + toState.length() + 32 + 2
                + 32 * itemHashes.size() + 32);
        b.put((byte) VERSION).putShort((short) type.code()).putLong(occurredAt.toEpochMilli()).putLong(recordedAt.toEpochMilli())
                .put(actorFingerprint);
        UUID id = requestId.orElse(null);
        b.putLong(id == null ? 0 : id.getMostSignificantBits()).putLong(id == null ? 0 : id.getLeastSignificantBits());
        b.put((byte) fromState.length()).put(fromState.getBytes(StandardCharsets.US_ASCII));
        b.put((byte) toState.length()).put(toState.getBytes(StandardCharsets.US_ASCII));
        b.put(messageHash).putShort((short) itemHashes.size());
        for (byte[] h : itemHashes) {
            b.put(h);
        }
        b.put(commitment);
        return b.array();
    }

    /** Strict decoding: version 1, a known type, no trailing bytes. */
    public static CustodyEntry decode(byte[] bytes) throws CustodyException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int version = b.get() & 0xff;
            if (version != VERSION) {
                throw new CustodyException(CustodyError.ENTRY_MALFORMED, "unknown custody entry version " + version);
            }
            CustodyEventType type = CustodyEventType.of(b.getShort() & 0xffff);
            Instant occurred = Instant.ofEpochMilli(b.getLong());
            Instant recorded = Instant.ofEpochMilli(b.getLong());
            byte[] actor = take(b, 32);
            long msb = b.getLong();
            long lsb = b.getLong();
            Optional<UUID> id = msb == 0 && lsb == 0 ? Optional.empty() : Optional.of(new UUID(msb, lsb));
            String from = new String(take(b, b.get() & 0xff), StandardCharsets.US_ASCII);
            String to = new String(take(b, b.get() & 0xff), StandardCharsets.US_ASCII);
            byte[] message = take(b, 32);
            int n = b.getShort() & 0xffff;
            if (n > MAX_ITEMS) {
                throw new CustodyException(CustodyError.ENTRY_MALFORMED, "too many item hashes: " + n);
            }
            List<byte[]> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(take(b, 32));
            }
            byte[] commitment = take(b, 32);
            if (b.hasRemaining()) {
                throw new CustodyException(CustodyError.ENTRY_MALFORMED, "trailing bytes after a custody entry");
            }
            return new CustodyEntry(type, occurred, recorded, actor, id, from, to, message, items, commitment);
        } catch (BufferUnderflowException e) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "custody entry is truncated");
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "custody entry is malformed: " + e.getMessage());
        }
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** {@code SHA-256(salt || record)}: the commitment to a full event record. */
    public static byte[] commit(byte[] salt, byte[] record) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            d.update(record);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line for auditors (no personal data is in an entry). */
    public String describe() {
        HexFormat hex = HexFormat.of();
        return type + " occurredAt=" + occurredAt + " recordedAt=" + recordedAt + " request=" + requestId.map(UUID::toString).orElse("-")
                + " " + (fromState.isEmpty() ? "-" : fromState) + "->" + (toState.isEmpty() ? "-" : toState)
                + " actor=" + hex.formatHex(actorFingerprint, 0, 8) + "... message=" + hex.formatHex(messageHash, 0, 8) + "... items="
                + itemHashes.size();
    }

    @Override
    public byte[] actorFingerprint() {
        return actorFingerprint.clone();
    }

    @Override
    public byte[] messageHash() {
        return messageHash.clone();
    }

    @Override
    public byte[] commitment() {
        return commitment.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustodyEntry e && Arrays.equals(e.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }
}
