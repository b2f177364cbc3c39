package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform's answer to a {@link ContentHashList} (CM/Rec(2026)2 para. 39.5): the list is in its matching system,
 * with the items that matched, those removed, and the re-uploads blocked since, in all and per hash (named by position
 * in the list, never by value). A later answer to the same list brings the figures up to date.
 *
 * @param appliedAt         when the list was applied (or when these figures were taken)
 * @param matched           items that matched one of the hashes, in all
 * @param removed           of those, items removed or disabled
 * @param reuploadsBlocked  uploads refused because they matched
 * @param perHash           the figures per hash, optional; each hash at most once, adding up to the totals
 * @param remarks           the platform's words, optional
 */
public record HashListApplied(
        @NotNull OffsetDateTime appliedAt,
        @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = MAX_COUNT, message = ValidationCode.Codes.VALUE)
        Integer matched,
        @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = MAX_COUNT, message = ValidationCode.Codes.VALUE)
        Integer removed,
        @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = MAX_COUNT, message = ValidationCode.Codes.VALUE)
        Integer reuploadsBlocked,
        @Size(max = ContentRemovalOrder.MAX_HASHES, message = ValidationCode.Codes.REMOVAL_HASH_COUNT) List<@NotNull @Valid HashFigures> perHash,
        @SafeText(max = 4000) String remarks) implements LifecycleMessage.Answer {

    /** The largest count a figure may have. */
    public static final int MAX_COUNT = 1_000_000;

    public HashListApplied {
        perHash = ProtocolOrder.copy(perHash);
    }

    @Override
    public MessageType type() {
        return MessageType.HASH_LIST_APPLIED;
    }

    /** No more removed than matched; per-hash figures name each hash once and add up to the totals. */
    @Override
    public void checkRules(RuleSink sink) {
        if (matched != null && removed != null && removed > matched) {
            sink.fail("removed", ValidationCode.HASH_LIST_REPORT);
        }
        if (perHash == null || perHash.isEmpty()) {
            return;
        }
        Set<Integer> seen = new HashSet<>();
        long[] sums = new long[3];
        for (HashFigures h : perHash) {
            if (h == null || h.hashIndex() == null || h.matched() == null || h.removed() == null || h.reuploadsBlocked() == null) {
                return; // reported by the field constraints
            }
            if (!seen.add(h.hashIndex()) || h.removed() > h.matched()) {
                sink.fail("perHash", ValidationCode.HASH_LIST_REPORT);
                return;
            }
            sums[0] += h.matched();
            sums[1] += h.removed();
            sums[2] += h.reuploadsBlocked();
        }
        if (!Integer.valueOf((int) Math.min(sums[0], Integer.MAX_VALUE)).equals(matched)
                || !Integer.valueOf((int) Math.min(sums[1], Integer.MAX_VALUE)).equals(removed)
                || !Integer.valueOf((int) Math.min(sums[2], Integer.MAX_VALUE)).equals(reuploadsBlocked)) {
            sink.fail("perHash", ValidationCode.HASH_LIST_REPORT);
        }
    }

    /**
     * What one hash of the list found.
     *
     * @param hashIndex         the hash's position in the list's {@code hashes} (0-based)
     * @param matched           items that matched it
     * @param removed           of those, items removed or disabled
     * @param reuploadsBlocked  uploads refused because they matched it
     */
    public record HashFigures(
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = ContentRemovalOrder.MAX_HASHES - 1,
                    message = ValidationCode.Codes.VALUE) Integer hashIndex,
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = MAX_COUNT, message = ValidationCode.Codes.VALUE)
            Integer matched,
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = MAX_COUNT, message = ValidationCode.Codes.VALUE)
            Integer removed,
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = MAX_COUNT, message = ValidationCode.Codes.VALUE)
            Integer reuploadsBlocked) {
    }
}
