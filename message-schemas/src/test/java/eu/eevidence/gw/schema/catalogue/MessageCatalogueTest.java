package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.PreservationExtension;
import eu.eevidence.gw.schema.Sensitive;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageCatalogueTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();

    private static Envelope sample(MessageType type) {
        return ((Decoded.Valid) CATALOGUE.decodeJson(Corpus.read(Corpus.dir(type).resolve("valid.json")))).envelope();
    }

    private static Envelope withIds(Envelope e, String id, String correlation) {
        return new Envelope(id, correlation, e.version(), e.sender(), e.receiver(), e.createdAt(), e.body());
    }

    @Test
    void unknownCorrelationIsRejected() {
        Decoded result = CATALOGUE.decodeJson(Corpus.read(Corpus.dir(MessageType.ACKNOWLEDGEMENT).resolve("valid.json")), new InMemoryCorrelationLookup());
        assertThat(((Decoded.Invalid) result).violations()).extracting(Violation::path, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$.correlationId", "EEG-VAL-CORRELATION-UNKNOWN"));
        assertThat(((Decoded.Invalid) result).syntactic()).isFalse();
    }

    @Test
    void correlationToAMessageOfTheWrongFamilyIsRejected() {
        // an Annex VI extension must follow an EPOC-PR, not an EPOC
        InMemoryCorrelationLookup store = new InMemoryCorrelationLookup().add(withIds(sample(MessageType.EU_EPOC), "msg-epocpr-0001", null));
        assertThat(CATALOGUE.checkCorrelation(sample(MessageType.EU_ANNEX6_EXTENSION), store))
                .extracting(Violation::code).containsExactly("EEG-VAL-CORRELATION-FAMILY");
    }

    @Test
    void annex6ExtensionIsAcceptedOnceThenRejected() {
        InMemoryCorrelationLookup store = new InMemoryCorrelationLookup().add(sample(MessageType.EU_EPOC_PR));
        Envelope first = sample(MessageType.EU_ANNEX6_EXTENSION);
        assertThat(CATALOGUE.checkCorrelation(first, store)).isEmpty();
        store.add(first);
        Envelope second = withIds(first, "msg-annex6-0002", first.correlationId());
        assertThat(CATALOGUE.checkCorrelation(second, store)).extracting(Violation::path, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$.body", "EEG-VAL-EPOC-PR-EXTENSION-ONCE"));
    }

    @Test
    void aReusedMessageIdIsRejected() {
        Envelope epoc = sample(MessageType.EU_EPOC);
        InMemoryCorrelationLookup store = new InMemoryCorrelationLookup().add(epoc);
        assertThat(CATALOGUE.checkCorrelation(epoc, store)).extracting(Violation::code).containsExactly("EEG-VAL-DUPLICATE-MESSAGE-ID");
    }

    @Test
    void aFullCaseCorrelates() {
        InMemoryCorrelationLookup store = new InMemoryCorrelationLookup();
        for (MessageType t : List.of(MessageType.EU_EPOC_PR, MessageType.EU_EPOC, MessageType.ACKNOWLEDGEMENT, MessageType.EU_FORM3_IMPOSSIBILITY,
                MessageType.EU_ANNEX6_EXTENSION, MessageType.EU_ANNEX5_CONFIRMATION, MessageType.EXECUTION_REPORT, MessageType.REFUSAL,
                MessageType.DEADLINE_CHANGE, MessageType.WITHDRAWAL, MessageType.BUDAPEST_ART29_PRESERVATION, MessageType.BUDAPEST_ART30_PARTIAL_DISCLOSURE,
                MessageType.CLARIFICATION_REQUEST, MessageType.CLARIFICATION_ANSWER, MessageType.PRESERVATION_CONFIRMED, MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE,
                MessageType.POSTPONEMENT, MessageType.PROTOCOL_ART7_SUBSCRIBER_ORDER, MessageType.PROTOCOL_ART8_GIVE_EFFECT)) {
            Envelope e = sample(t);
            assertThat(CATALOGUE.checkCorrelation(e, store)).as(t.name()).isEmpty();
            store.add(e);
        }
    }

    @Test
    void lifecycleMessagesNeedACorrelationAndRequestsDoNot() {
        for (MessageType t : MessageType.values()) {
            Envelope e = sample(t);
            List<Violation> found = CATALOGUE.validate(withIds(e, e.messageId(), null));
            if (e.body() instanceof LifecycleMessage) {
                assertThat(found).as(t.name()).extracting(Violation::code).contains("EEG-VAL-CORRELATION-REQUIRED");
            } else {
                assertThat(e.body()).isInstanceOf(EvidenceRequest.class);
                assertThat(found).as(t.name()).isEmpty();
            }
        }
    }

    @Test
    void batchMessageIdsMustBeUnique() {
        Envelope a = sample(MessageType.WITHDRAWAL);
        Envelope b = sample(MessageType.DEADLINE_CHANGE);
        assertThat(CATALOGUE.checkBatch(List.of(a, b))).isEmpty();
        assertThat(CATALOGUE.checkBatch(List.of(a, b, withIds(b, a.messageId(), b.correlationId()))))
                .extracting(Violation::path, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$[2].messageId", "EEG-VAL-DUPLICATE-MESSAGE-ID"));
    }

    @Test
    void javaBuiltMessagesAreValidatedToo() {
        Envelope e = sample(MessageType.EU_ANNEX6_EXTENSION);
        Envelope twice = new Envelope(e.messageId(), e.correlationId(), e.version(), e.sender(), e.receiver(), e.createdAt(),
                new PreservationExtension(60, "more time"));
        assertThat(CATALOGUE.validate(twice)).extracting(Violation::path, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$.body.additionalDays", "EEG-VAL-EPOC-PR-EXTENSION-DAYS"));
    }

    @Test
    void redactorHidesEverySensitiveFieldAndKeepsTheRest() throws Exception {
        Envelope epoc = sample(MessageType.EU_EPOC);
        String plain = new String(CATALOGUE.encodeJson(epoc), StandardCharsets.UTF_8);
        String redacted = Redactor.redactedJson(epoc);
        assertThat(plain).contains("100004417730213", "intimate images of the victim are posted");
        assertThat(redacted).doesNotContain("100004417730213", "2001:db8::77", "intimate images of the victim are posted")
                .contains(Redactor.MARK, "Non-consensual sharing of intimate images", "demo-platform");
        // the original is untouched
        assertThat(new String(CATALOGUE.encodeJson(epoc), StandardCharsets.UTF_8)).isEqualTo(plain);
        Envelope removal = Redactor.redact(sample(MessageType.CONTENT_REMOVAL_ORDER));
        assertThat(Redactor.redactedJson(removal)).doesNotContain("f8f8f0cee0f4a84f", "Intimate images of the victim published");
    }

    @Test
    void victimAndIdentifierFieldsAreMarkedSensitive() throws Exception {
        assertThat(sensitive(eu.eevidence.gw.schema.Offence.class, "summaryOfFacts")).isTrue();
        assertThat(sensitive(eu.eevidence.gw.schema.EmergencyFacts.class, "riskToLifeOrSafety")).isTrue();
        assertThat(sensitive(eu.eevidence.gw.schema.AccountIdentifier.class, "value")).isTrue();
        assertThat(sensitive(eu.eevidence.gw.schema.ClarificationAnswer.class, "answers")).isTrue();
        assertThat(sensitive(eu.eevidence.gw.schema.PerceptualHashRef.class, "value")).isTrue();
    }

    private static boolean sensitive(Class<?> type, String field) throws NoSuchFieldException {
        Field f = type.getDeclaredField(field);
        return f.isAnnotationPresent(Sensitive.class);
    }

    @Test
    void everyTypeMapsToItsRecordAndElement() {
        for (MessageType t : MessageType.values()) {
            assertThat(MessageType.of(t.javaType())).isEqualTo(t);
            assertThat(MessageType.byXmlElement(t.xmlElement())).contains(t);
            assertThat(t.senders()).isNotEmpty();
            assertThat(t.receivers()).isNotEmpty();
            assertThat(t.legalBasis()).isNotBlank();
        }
    }

    @Test
    void oneCatalogueDecodesConcurrently() throws Exception {
        byte[] xml = Corpus.read(Corpus.dir(MessageType.EU_EPOC).resolve("valid.xml"));
        byte[] json = Corpus.read(Corpus.dir(MessageType.EU_EPOC).resolve("valid.json"));
        byte[] bad = Corpus.read(Corpus.dir(MessageType.EU_EPOC).resolve("invalid-unknown-deadline.xml"));
        Envelope expected = sample(MessageType.EU_EPOC);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> switch (n % 3) {
                    case 0 -> CATALOGUE.decodeXml(xml) instanceof Decoded.Valid v && v.envelope().equals(expected);
                    case 1 -> CATALOGUE.decodeJson(json) instanceof Decoded.Valid v && v.envelope().equals(expected);
                    default -> CATALOGUE.decodeXml(bad) instanceof Decoded.Invalid inv
                            && inv.violations().stream().anyMatch(v -> v.code().equals("EEG-XML-SCHEMA"));
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
