package eu.eevidence.gw.adapter.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a destination said about an order, polled ({@link PlatformAdapter#poll(PollRequest)}) or pushed to the node
 * ({@link PlatformAdapter#receive(InboundMessage)}). Exhaustive: the gateway switches over exactly these.
 *
 * <p>Every answer carries the destination's own {@link #answerId()}: the gateway stores an answer once per
 * (platform, answerId), so a duplicate or replayed answer changes nothing. {@link #requestId()} is what the answer
 * claims to be about (the gateway's request id, or the destination's receipt id of it in {@link #reference()});
 * the gateway must check it names one of its requests to that platform before acting. {@link #raw()} is the
 * answer's bytes as received, kept as evidence.
 */
public sealed interface PortalAnswer {

    String answerId();

    /** The gateway request id the answer names (may be null when the destination only gives its own reference). */
    String requestId();

    /** The destination's reference of the order (its receipt id or object id); may be null. */
    String reference();

    /** When the destination says it answered. */
    Instant occurredAt();

    byte[] raw();

    /** The destination confirms it received the order (no decision yet). */
    record Acknowledged(String answerId, String requestId, String reference, Instant occurredAt, byte[] raw) implements PortalAnswer {
        public Acknowledged {
            Checks.common(answerId, occurredAt, raw);
        }
    }

    /** The destination asks a question before it can act. */
    record ClarificationRequested(String answerId, String requestId, String reference, Instant occurredAt, String question, byte[] raw)
            implements PortalAnswer {
        public ClarificationRequested {
            Checks.common(answerId, occurredAt, raw);
            Objects.requireNonNull(question, "question");
        }
    }

    /** The destination will not execute the order (Annex III / Form 3), with its reason code and words. */
    record Refused(String answerId, String requestId, String reference, Instant occurredAt, RefusalReason reason, String text, byte[] raw)
            implements PortalAnswer {
        public Refused {
            Checks.common(answerId, occurredAt, raw);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The data are preserved until {@code until} (null when the destination gives no end). */
    record PreservationConfirmed(String answerId, String requestId, String reference, Instant occurredAt, Instant until, byte[] raw)
            implements PortalAnswer {
        public PreservationConfirmed {
            Checks.common(answerId, occurredAt, raw);
        }
    }

    /**
     * Data produced, possibly one part of several. Parts may arrive twice or out of order: store items by their
     * SHA-256 and complete the request once {@code last} and every part up to it are stored.
     *
     * @param part   1-based sequence number of this part
     * @param last   true on the final part
     * @param items  the manifest of this part
     */
    record DataDelivery(String answerId, String requestId, String reference, Instant occurredAt, int part, boolean last,
                        List<ManifestItem> items, byte[] raw) implements PortalAnswer {
        public DataDelivery {
            Checks.common(answerId, occurredAt, raw);
            if (part < 1) {
                throw new IllegalArgumentException("part must be 1 or more");
            }
            items = List.copyOf(items);
        }
    }

    /** The destination confirms a withdrawal: it stopped working on the order. */
    record WithdrawalConfirmed(String answerId, String requestId, String reference, Instant occurredAt, byte[] raw) implements PortalAnswer {
        public WithdrawalConfirmed {
            Checks.common(answerId, occurredAt, raw);
        }
    }

    /** Formal correspondence from the destination (a statement, an answer; not a question blocking execution). */
    record Correspondence(String answerId, String requestId, String reference, Instant occurredAt, String subject, String text, byte[] raw)
            implements PortalAnswer {
        public Correspondence {
            Checks.common(answerId, occurredAt, raw);
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * One produced item. Exactly one of {@code inline} (small items, at most {@link #MAX_INLINE_BYTES}) and
     * {@code download} (fetch it with {@link PlatformAdapter#fetch}) is set. {@code size} and {@code sha256} are the
     * destination's claim: an inline item is checked against them when built; a download when fetched.
     */
    record ManifestItem(String itemId, String mediaType, long size, String sha256, byte[] inline, DownloadReference download) {
        public static final int MAX_INLINE_BYTES = 25 * 1024 * 1024;
        private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

        public ManifestItem {
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(sha256, "sha256");
            sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
            if (!HEX64.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 is not 64 hex digits");
            }
            if (size < 0) {
                throw new IllegalArgumentException("size is negative");
            }
            if ((inline == null) == (download == null)) {
                throw new IllegalArgumentException("exactly one of inline and download");
            }
            if (inline != null) {
                if (inline.length > MAX_INLINE_BYTES) {
                    throw new IllegalArgumentException("inline item above " + MAX_INLINE_BYTES + " bytes");
                }
                if (inline.length != size || !Checks.sha256(inline).equals(sha256)) {
                    throw new IllegalArgumentException("inline item does not match its size or SHA-256");
                }
            }
        }
    }

    /** Where a large item can be fetched, and what it must turn out to be. */
    record DownloadReference(URI uri, long size, String sha256) {
        public DownloadReference {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(sha256, "sha256");
            sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Shared argument checks. */
    final class Checks {
        private Checks() {
        }

        static void common(String answerId, Instant occurredAt, byte[] raw) {
            Objects.requireNonNull(answerId, "answerId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(raw, "raw");
        }

        /** Lowercase hex SHA-256. */
        public static String sha256(byte[] data) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256", e);
            }
        }
    }
}
