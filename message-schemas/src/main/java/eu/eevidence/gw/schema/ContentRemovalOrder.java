package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Order to remove or disable access to content while keeping the removed content and related data
 * preserved as evidence for a limited time (CM/Rec(2026)2 para. 33; by analogy Reg. (EU) 2021/784 Art. 3:
 * removal within one hour, and Art. 6: preservation for six months). The legal basis is national law,
 * named in {@link #legalBasis}.
 *
 * @param issuingAuthority     the authority ordering the removal
 * @param issuedAt             date of issue
 * @param serviceProvider      the provider hosting the content
 * @param legalBasis           the national or Union provision the order is based on
 * @param reason               why the content is unlawful; may identify the victim
 * @param content              the items to remove (URL or identifier, optional perceptual hashes); may be empty when
 *                             {@code hashes} name what to remove
 * @param hashes               hashes computed on the victim's device (the StopNCII model: the images never travel):
 *                             PDQ perceptual hashes and SHA-256 values, at most {@value #MAX_HASHES}; personal data of
 *                             the victim, never logged
 * @param removeWithinHours    time allowed for removal, 1 to 720 hours
 * @param preservationDays     how long the removed content and related data stay preserved: 1 to 366 days
 */
public record ContentRemovalOrder(
        @NotNull @Valid IssuingAuthority issuingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @Valid ServiceProvider serviceProvider,
        @NotBlank @SafeText(max = 1000) String legalBasis,
        @Sensitive @NotBlank @SafeText(max = 8000) String reason,
        @Size(max = 1000, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid ContentItem> content,
        @Size(max = MAX_HASHES, message = ValidationCode.Codes.REMOVAL_HASH_COUNT) List<@NotNull @Valid RemovalHash> hashes,
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
        hashes = ProtocolOrder.copy(hashes);
    }

    /** The order names content, hashes, or both. */
    @Override
    public void checkRules(RuleSink sink) {
        if ((content == null || content.isEmpty()) && (hashes == null || hashes.isEmpty())) {
            sink.fail("content", ValidationCode.REMOVAL_TARGET);
        }
    }

    /** The number of hashes the order carries (0 without). */
    public int hashCount() {
        return hashes == null ? 0 : hashes.size();
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
     * One piece of content to remove.
     *
     * @param locator           where it is: a typed identifier (URL, account id, ...)
     * @param perceptualHashes  perceptual-hash references (e.g. PDQ) so copies can be matched without moving the image
     */
    public record ContentItem(
            @NotNull @Valid AccountIdentifier locator,
            @Size(max = 20, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid PerceptualHashRef> perceptualHashes) {

        public ContentItem {
            perceptualHashes = ProtocolOrder.copy(perceptualHashes);
        }
    }
}
