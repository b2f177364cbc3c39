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
 * The platform's answer to a {@link ContentRemovalOrder}: the content is removed or disabled (by analogy
 * Reg. (EU) 2021/784 Art. 3(6): the provider informs the issuing authority of the removal and its time), with the
 * number of items removed and, where the order carried hashes, the number of matches in all and per hash. The hashes
 * themselves do not travel back: a per-hash figure names the hash by its position in the order.
 *
 * @param removedAt      when the content was removed or access to it disabled
 * @param itemsRemoved   items removed or disabled, in all (0 to 1,000,000)
 * @param hashMatches    items that matched one of the order's hashes, in all; null when the order carried none
 * @param perHash        the figures per hash of the order, optional; each hash at most once
 * @param preservedUntil until when the removed content and related data stay preserved (the order's
 *                       preservationDays), optional
 * @param remarks        the platform's words, optional
 */
public record ContentRemoved(
        @NotNull OffsetDateTime removedAt,
        @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = 1_000_000, message = ValidationCode.Codes.VALUE)
        Integer itemsRemoved,
        @Min(value = 0, message = ValidationCode.Codes.VALUE) Integer hashMatches,
        @Size(max = ContentRemovalOrder.MAX_HASHES, message = ValidationCode.Codes.REMOVAL_HASH_COUNT) List<@NotNull @Valid HashOutcome> perHash,
        OffsetDateTime preservedUntil,
        @SafeText(max = 4000) String remarks) implements LifecycleMessage.Answer {

    public ContentRemoved {
        perHash = ProtocolOrder.copy(perHash);
    }

    @Override
    public MessageType type() {
        return MessageType.CONTENT_REMOVED;
    }

    /** Per-hash figures name each hash once and add up to {@link #hashMatches}. */
    @Override
    public void checkRules(RuleSink sink) {
        if (perHash == null || perHash.isEmpty()) {
            return;
        }
        Set<Integer> seen = new HashSet<>();
        long sum = 0;
        for (HashOutcome h : perHash) {
            if (h == null || h.hashIndex() == null || h.matches() == null) {
                return; // reported by the field constraints
            }
            if (!seen.add(h.hashIndex())) {
                sink.fail("perHash", ValidationCode.REMOVAL_REPORT);
                return;
            }
            sum += h.matches();
        }
        if (hashMatches == null || hashMatches != sum) {
            sink.fail("hashMatches", ValidationCode.REMOVAL_REPORT);
        }
    }

    /**
     * What one hash of the order found.
     *
     * @param hashIndex  the hash's position in the order's {@code hashes} (0-based)
     * @param matches    items that matched it
     * @param removed    of those, items removed or disabled
     */
    public record HashOutcome(
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = ContentRemovalOrder.MAX_HASHES - 1,
                    message = ValidationCode.Codes.VALUE) Integer hashIndex,
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) Integer matches,
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) Integer removed) {
    }
}
