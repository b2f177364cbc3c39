package eu.eevidence.gw.gateway.evidence;

/**
 * Bounds of evidence intake.
 *
 * @param minPartBytes  smallest part size a client may choose (every part but the last has exactly the chosen size)
 * @param maxPartBytes  largest part size (one PUT body)
 * @param maxParts      most parts per item
 * @param maxItemBytes  largest item
 */
public record EvidenceLimits(long minPartBytes, long maxPartBytes, int maxParts, long maxItemBytes) {

    /** 1 MiB .. 64 MiB parts (default 8 MiB), at most 10,000 parts, items up to 64 GiB. */
    public static final EvidenceLimits DEFAULTS = new EvidenceLimits(1L << 20, 64L << 20, 10_000, 64L << 30);
    /** Part size when the client does not choose one. */
    public static final long DEFAULT_PART_BYTES = 8L << 20;

    public EvidenceLimits {
        if (minPartBytes < 1 || maxPartBytes < minPartBytes || maxParts < 1 || maxItemBytes < 0) {
            throw new IllegalArgumentException("inconsistent evidence limits");
        }
    }

    long defaultPartBytes() {
        return Math.max(minPartBytes, Math.min(maxPartBytes, DEFAULT_PART_BYTES));
    }
}
