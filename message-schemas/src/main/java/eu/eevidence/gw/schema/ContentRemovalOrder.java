package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Order to remove or disable access to content while keeping the removed content and related data
 * preserved as evidence for a limited time (CM/Rec(2026)2 para. 33; by analogy Reg. (EU) 2021/784 Art. 3:
 * removal within one hour, and Art. 6: preservation for six months). The legal basis is national law,
 * named in {@link #legalBasis}. The order may be made under criminal, civil or administrative law (para. 33): the
 * issuing authority's {@link IssuingAuthority#kind()} says which ({@link AuthorityKind#CIVIL_COURT},
 * {@link AuthorityKind#ADMINISTRATIVE_AUTHORITY}: {@link #legalBasis} then cites civil or administrative law; ADR-0036).
 *
 * @param issuingAuthority     the authority ordering the removal
 * @param issuedAt             date of issue
 * @param serviceProvider      the provider hosting the content
 * @param legalBasis           the national or Union provision the order is based on
 * @param reason               why the content is unlawful; may identify the victim
 * @param content              the items to remove: each by its locator (URL or identifier, optional perceptual hashes),
 *                             by hashes only (the StopNCII model), or both; at most {@value #MAX_HASHES} hashes in all
 * @param removeWithinHours    time allowed for removal, 1 to 720 hours
 * @param preservationDays     how long the removed content and related data stay preserved: 1 to 366 days
 */
public record ContentRemovalOrder(
        @NotNull @Valid IssuingAuthority issuingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @Valid ServiceProvider serviceProvider,
        @NotBlank @SafeText(max = 1000) String legalBasis,
        @Sensitive @NotBlank @SafeText(max = 8000) String reason,
        @NotEmpty @Size(max = 1000, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid ContentItem> content,
        @NotNull @Min(value = 1, message = ValidationCode.Codes.REMOVAL_HOURS)
        @Max(value = 720, message = ValidationCode.Codes.REMOVAL_HOURS) Integer removeWithinHours,
        @NotNull(message = ValidationCode.Codes.REMOVAL_PRESERVATION)
        @Min(value = 1, message = ValidationCode.Codes.REMOVAL_PRESERVATION) @Max(value = 366,
                message = ValidationCode.Codes.REMOVAL_PRESERVATION) Integer preservationDays)
        implements EvidenceRequest.Removal {

    /** The most hashes one order may carry. */
    public static final int MAX_HASHES = 1000;

    public ContentRemovalOrder {
        content = ProtocolOrder.copy(content);
    }

    /** At most {@value #MAX_HASHES} hashes over all items. */
    @Override
    public void checkRules(RuleSink sink) {
        if (hashCount() > MAX_HASHES) {
            sink.fail("content", ValidationCode.REMOVAL_HASH_COUNT);
        }
    }

    /** The hashes of the order in order (item by item): a {@code CONTENT_REMOVED} names them by their position here. */
    public List<RemovalHash> hashes() {
        List<RemovalHash> out = new java.util.ArrayList<>();
        if (content != null) {
            for (ContentItem i : content) {
                if (i != null && i.hashes() != null) {
                    out.addAll(i.hashes());
                }
            }
        }
        return out;
    }

    /** The number of hashes the order carries (0 without). */
    public int hashCount() {
        return hashes().size();
    }

    @Override
    public MessageType type() {
        return MessageType.CONTENT_REMOVAL_ORDER;
    }

    @Override
    public Authority requestingAuthority() {
        return issuingAuthority == null ? null : issuingAuthority.details();
    }

    @Override
    public String platformId() {
        return serviceProvider == null ? null : serviceProvider.platformId();
    }

    /**
     * One piece of content to remove, named by its locator, by hashes only, or both.
     *
     * @param locator           where it is: a typed identifier (URL, account id, ...); optional when {@code hashes} are given
     * @param perceptualHashes  perceptual-hash references (e.g. PDQ) so copies can be matched without moving the image
     * @param hashes            hashes computed on the victim's device (the StopNCII model: the images never travel): PDQ
     *                          perceptual hashes and SHA-256 values; personal data of the victim, never logged
     */
    public record ContentItem(
            @Valid AccountIdentifier locator,
            @Size(max = 20, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid PerceptualHashRef> perceptualHashes,
            @Size(max = MAX_HASHES, message = ValidationCode.Codes.REMOVAL_HASH_COUNT) List<@NotNull @Valid RemovalHash> hashes)
            implements eu.eevidence.gw.schema.validation.CrossFieldChecked {

        public ContentItem {
            perceptualHashes = ProtocolOrder.copy(perceptualHashes);
            hashes = ProtocolOrder.copy(hashes);
        }

        /** An item names its locator, hashes, or both. */
        @Override
        public void checkRules(RuleSink sink) {
            if (locator == null && (hashes == null || hashes.isEmpty())) {
                sink.fail("locator", ValidationCode.REMOVAL_TARGET);
            }
        }
    }
}
