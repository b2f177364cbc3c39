package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.ContentHashList;
import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.HashListApplied;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RemovalHash;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Hash lists for resurfacing prevention and the platform's figures; negative cases first. */
class HashListValidationTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static Envelope sample(MessageType t) {
        return ((Decoded.Valid) CATALOGUE.decodeJson(Corpus.read(Corpus.dir(t).resolve("valid.json")))).envelope();
    }

    private static Envelope list(List<RemovalHash> hashes, Integer distance) {
        Envelope e = sample(MessageType.CONTENT_HASH_LIST);
        return new Envelope(e.messageId(), e.correlationId(), e.version(), e.sender(), e.receiver(), e.createdAt(),
                new ContentHashList(hashes, distance, null));
    }

    private static Envelope applied(int matched, int removed, int blocked, List<HashListApplied.HashFigures> perHash) {
        Envelope e = sample(MessageType.HASH_LIST_APPLIED);
        HashListApplied a = (HashListApplied) e.body();
        return new Envelope(e.messageId(), e.correlationId(), e.version(), e.sender(), e.receiver(), e.createdAt(),
                new HashListApplied(a.appliedAt(), matched, removed, blocked, perHash, null));
    }

    @Test
    void malformedHashesAndWrongLengthsAreRefused() {
        List<RemovalHash> bad = List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ.toUpperCase(Locale.ROOT)),
                new RemovalHash(RemovalHash.Algorithm.SHA256, PDQ.substring(1)),
                new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ + "0"),
                new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ.replace('f', 'x')));
        assertThat(CATALOGUE.validate(list(bad, 31))).extracting(Violation::path, Violation::code).containsExactlyInAnyOrder(
                tuple("$.body.hashes[0].value", "EEG-VAL-REMOVAL-HASH"), tuple("$.body.hashes[1].value", "EEG-VAL-REMOVAL-HASH"),
                tuple("$.body.hashes[2].value", "EEG-VAL-REMOVAL-HASH"), tuple("$.body.hashes[3].value", "EEG-VAL-REMOVAL-HASH"));
    }

    @Test
    void moreThanAThousandHashesAreRefused() {
        List<RemovalHash> many = new ArrayList<>();
        for (int i = 0; i <= ContentRemovalOrder.MAX_HASHES; i++) {
            many.add(new RemovalHash(RemovalHash.Algorithm.SHA256, String.format("%064x", i)));
        }
        assertThat(CATALOGUE.validate(list(many, 31))).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.body.hashes", "EEG-VAL-REMOVAL-HASH-COUNT"));
        assertThat(CATALOGUE.validate(list(many.subList(0, ContentRemovalOrder.MAX_HASHES), 31))).isEmpty();
    }

    @Test
    void anEmptyListOrADistanceOutOfBoundsIsRefused() {
        List<RemovalHash> one = List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ));
        assertThat(CATALOGUE.validate(list(List.of(), 31))).extracting(Violation::path).containsExactly("$.body.hashes");
        assertThat(CATALOGUE.validate(list(one, -1))).extracting(Violation::code).containsExactly("EEG-VAL-HASH-LIST-DISTANCE");
        assertThat(CATALOGUE.validate(list(one, 65))).extracting(Violation::code).containsExactly("EEG-VAL-HASH-LIST-DISTANCE");
        assertThat(CATALOGUE.validate(list(one, null))).extracting(Violation::code).containsExactly("EEG-VAL-HASH-LIST-DISTANCE");
        assertThat(CATALOGUE.validate(list(one, 0))).isEmpty();
        assertThat(CATALOGUE.validate(list(one, 64))).isEmpty();
    }

    @Test
    void figuresThatDoNotAddUpAreRefused() {
        List<HashListApplied.HashFigures> two = List.of(new HashListApplied.HashFigures(0, 2, 1, 3),
                new HashListApplied.HashFigures(1, 1, 1, 0));
        assertThat(CATALOGUE.validate(applied(3, 2, 3, two))).isEmpty();
        assertThat(CATALOGUE.validate(applied(3, 2, 4, two))).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.body.perHash", "EEG-VAL-HASH-LIST-REPORT"));
        assertThat(CATALOGUE.validate(applied(1, 2, 0, null))).extracting(Violation::path, Violation::code)
                .containsExactly(tuple("$.body.removed", "EEG-VAL-HASH-LIST-REPORT"));
        List<HashListApplied.HashFigures> twice = List.of(new HashListApplied.HashFigures(0, 1, 1, 0),
                new HashListApplied.HashFigures(0, 1, 1, 0));
        assertThat(CATALOGUE.validate(applied(2, 2, 0, twice))).extracting(Violation::code).containsExactly("EEG-VAL-HASH-LIST-REPORT");
        List<HashListApplied.HashFigures> moreRemoved = List.of(new HashListApplied.HashFigures(0, 1, 2, 0));
        assertThat(CATALOGUE.validate(applied(2, 2, 0, moreRemoved))).extracting(Violation::code).contains("EEG-VAL-HASH-LIST-REPORT");
    }

    @Test
    void hashValuesAreRedactedAndNeverInToString() {
        Envelope e = list(List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ)), 31);
        assertThat(Redactor.redactedJson(e)).doesNotContain(PDQ).contains("PDQ");
        assertThat(e.body().toString()).doesNotContain(PDQ);
    }

    @Test
    void aHashListFollowsARemovalOrderOnly() {
        assertThat(MessageType.CONTENT_HASH_LIST.correlationTargets()).containsExactly(MessageType.CONTENT_REMOVAL_ORDER);
        assertThat(MessageType.HASH_LIST_APPLIED.correlationTargets())
                .containsExactlyInAnyOrder(MessageType.CONTENT_HASH_LIST, MessageType.CONTENT_REMOVAL_ORDER);
    }
}
