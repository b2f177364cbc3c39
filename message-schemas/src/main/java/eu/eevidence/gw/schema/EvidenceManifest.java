package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CrossFieldChecked;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The evidence items delivered with an execution report: each with its media type, size and SHA-256, so
 * that the receiving side can check integrity and the custody log can bind the hashes.
 *
 * @param items  the items; item ids unique within the manifest
 */
public record EvidenceManifest(
        @NotEmpty @Size(max = 10_000, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid Item> items) implements CrossFieldChecked {

    public EvidenceManifest {
        items = ProtocolOrder.copy(items);
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (items == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Item item : items) {
            if (item != null && item.itemId() != null && !seen.add(item.itemId())) {
                sink.fail("items", ValidationCode.DUPLICATE_ITEM_ID);
                return;
            }
        }
    }

    /**
     * One delivered item.
     *
     * @param itemId            unique within the manifest
     * @param mediaType         RFC 6838 media type, e.g. {@code image/jpeg}, {@code application/zip}
     * @param sizeBytes         exact size in bytes
     * @param sha256            SHA-256 of the item's bytes, 64 lower-case hex characters
     * @param description       what the item is, optional
     * @param perceptualHashes  perceptual-hash references (e.g. PDQ for images), optional
     */
    public record Item(
            @NotBlank @Size(max = 100, message = ValidationCode.Codes.LENGTH)
            @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String itemId,
            @NotBlank @Size(max = 255, message = ValidationCode.Codes.LENGTH)
            @Pattern(regexp = "^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$",
                    message = ValidationCode.Codes.MEDIA_TYPE) String mediaType,
            @NotNull @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = 1L << 50, message = ValidationCode.Codes.VALUE) Long sizeBytes,
            @NotBlank @Pattern(regexp = "^[0-9a-f]{64}$", message = ValidationCode.Codes.SHA256) String sha256,
            @SafeText(max = 1000) String description,
            @Size(max = 20, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid PerceptualHashRef> perceptualHashes) {

        public Item {
            perceptualHashes = ProtocolOrder.copy(perceptualHashes);
        }
    }
}
