package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RemovalHash;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Removal orders by hash (the StopNCII model): formats, bounds, the target rule; negative cases first. */
class RemovalOrderValidationTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final String PDQ = "58f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static Envelope sample() {
        return ((Decoded.Valid) CATALOGUE.decodeJson(Corpus.read(Corpus.dir(MessageType.CONTENT_REMOVAL_ORDER).resolve("valid.json"))))
                .envelope();
    }

    /** The sample order with {@code content}, or, when null, one item carrying {@code hashes} only. */
    private static Envelope with(List<ContentRemovalOrder.ContentItem> content, List<RemovalHash> hashes, int hours) {
        Envelope e = sample();
        ContentRemovalOrder o = (ContentRemovalOrder) e.body();
        List<ContentRemovalOrder.ContentItem> items = content != null ? content : List.of(new ContentRemovalOrder.ContentItem(null, null, hashes));
        return new Envelope(e.messageId(), e.correlationId(), e.version(), e.sender(), e.receiver(), e.createdAt(),
                new ContentRemovalOrder(o.issuingAuthority(), o.issuedAt(), o.serviceProvider(), o.legalBasis(), o.reason(), items,
                        hours, o.preservationDays()));
    }

    @Test
    void malformedHashesAreRefusedWithTheirCode() {
        List<RemovalHash> bad = List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ.toUpperCase(java.util.Locale.ROOT)),
                new RemovalHash(RemovalHash.Algorithm.SHA256, PDQ.substring(2)), new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ + "00"));
        assertThat(CATALOGUE.validate(with(null, bad, 1))).extracting(Violation::path, Violation::code).containsExactlyInAnyOrder(
                tuple("$.body.content[0].hashes[0].value", "EEG-VAL-REMOVAL-HASH"),
                tuple("$.body.content[0].hashes[1].value", "EEG-VAL-REMOVAL-HASH"),
                tuple("$.body.content[0].hashes[2].value", "EEG-VAL-REMOVAL-HASH"));
    }

    @Test
    void moreThanAThousandHashesAreRefused() {
        List<RemovalHash> many = new ArrayList<>();
        for (int i = 0; i <= ContentRemovalOrder.MAX_HASHES; i++) {
            many.add(new RemovalHash(RemovalHash.Algorithm.SHA256, String.format("%064x", i)));
        }
        assertThat(CATALOGUE.validate(with(null, many, 1))).extracting(Violation::code).contains("EEG-VAL-REMOVAL-HASH-COUNT");
        assertThat(CATALOGUE.validate(with(null, many.subList(0, ContentRemovalOrder.MAX_HASHES), 1))).isEmpty();
        // the bound is over the whole order: two items of 600 hashes each
        List<ContentRemovalOrder.ContentItem> split = List.of(new ContentRemovalOrder.ContentItem(null, null, many.subList(0, 600)),
                new ContentRemovalOrder.ContentItem(null, null, many.subList(400, 1000)));
        assertThat(CATALOGUE.validate(with(split, null, 1))).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.body.content", "EEG-VAL-REMOVAL-HASH-COUNT"));
    }

    @Test
    void anItemWithNeitherLocatorNorHashesIsRefused() {
        assertThat(CATALOGUE.validate(with(null, List.of(), 1))).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.body.content[0].locator", "EEG-VAL-REMOVAL-TARGET"));
        assertThat(CATALOGUE.validate(with(null, null, 1))).extracting(Violation::code).containsExactly("EEG-VAL-REMOVAL-TARGET");
        assertThat(CATALOGUE.validate(with(List.of(), null, 1))).extracting(Violation::path).containsExactly("$.body.content");
    }

    @Test
    void removeWithinHoursOutsideOneTo720IsRefused() {
        List<RemovalHash> one = List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ));
        assertThat(CATALOGUE.validate(with(null, one, 0))).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.body.removeWithinHours", "EEG-VAL-REMOVAL-HOURS"));
        assertThat(CATALOGUE.validate(with(null, one, 721))).extracting(Violation::code).containsExactly("EEG-VAL-REMOVAL-HOURS");
        assertThat(CATALOGUE.validate(with(null, one, 720))).isEmpty();
    }

    @Test
    void hashesAloneAreEnoughAndAreRedactedAndNeverPrinted() throws Exception {
        Envelope byHash = with(null, List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ)), 1);
        assertThat(CATALOGUE.validate(byHash)).isEmpty();
        assertThat(new String(CATALOGUE.encodeJson(byHash), StandardCharsets.UTF_8)).contains(PDQ);
        assertThat(Redactor.redactedJson(byHash)).doesNotContain(PDQ);
        assertThat(byHash.body().toString()).doesNotContain(PDQ);
    }
}
