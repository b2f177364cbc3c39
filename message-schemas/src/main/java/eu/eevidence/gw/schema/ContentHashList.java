package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Hashes of content a court or authority ordered removed, sent after the {@link ContentRemovalOrder} it belongs to (its
 * correlationId), so that the platform finds copies and blocks re-uploads: resurfacing prevention, CM/Rec(2026)2 para.
 * 39.5, on the StopNCII model (https://stopncii.org/how-it-works/: hashes travel, images never do). The platform answers
 * with {@link HashListApplied}, naming every hash by its position here, never by its value.
 *
 * @param hashes         PDQ perceptual hashes and SHA-256 values, 1 to {@value ContentRemovalOrder#MAX_HASHES};
 *                       personal data of the victim, never logged
 * @param matchDistance  the largest hamming distance at which a PDQ hash counts as a match, 0 to {@value #MAX_DISTANCE};
 *                       31 is the PDQ documentation's recommended starting point
 *                       (https://github.com/facebook/ThreatExchange/tree/main/pdq, "Matching")
 * @param remarks        the requester's words, optional
 */
public record ContentHashList(
        @NotEmpty @Size(max = ContentRemovalOrder.MAX_HASHES, message = ValidationCode.Codes.REMOVAL_HASH_COUNT)
        List<@NotNull @Valid RemovalHash> hashes,
        @NotNull(message = ValidationCode.Codes.HASH_LIST_DISTANCE)
        @Min(value = 0, message = ValidationCode.Codes.HASH_LIST_DISTANCE)
        @Max(value = ContentHashList.MAX_DISTANCE, message = ValidationCode.Codes.HASH_LIST_DISTANCE) Integer matchDistance,
        @SafeText(max = 4000) String remarks) implements LifecycleMessage.FollowUp {

    /** Beyond a quarter of the 256 bits two PDQ hashes are no longer the same picture in any practical sense. */
    public static final int MAX_DISTANCE = 64;

    public ContentHashList {
        hashes = ProtocolOrder.copy(hashes);
    }

    @Override
    public MessageType type() {
        return MessageType.CONTENT_HASH_LIST;
    }
}
