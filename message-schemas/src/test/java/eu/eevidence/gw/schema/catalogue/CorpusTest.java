package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the corpus: every type has valid samples that round-trip and invalid samples with their expected codes. */
class CorpusTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();

    static Stream<Arguments> invalidSamples() {
        return Arrays.stream(MessageType.values())
                .flatMap(t -> Stream.concat(Corpus.invalidSamples(t, "json").stream(), Corpus.invalidSamples(t, "xml").stream())
                        .map(p -> Arguments.of(t.name() + "/" + p.getFileName(), p)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSamples")
    void invalidSampleIsRejectedWithItsExpectedCodes(String name, Path sample) {
        byte[] body = Corpus.read(sample);
        Decoded result = name.endsWith(".json") ? CATALOGUE.decodeJson(body) : CATALOGUE.decodeXml(body);
        assertThat(result).as(name).isInstanceOf(Decoded.Invalid.class);
        List<Violation> found = ((Decoded.Invalid) result).violations();
        for (String[] expected : Corpus.expected(sample)) {
            if (expected[0].equals("*")) {
                assertThat(found).as(name).extracting(Violation::code).contains(expected[1]);
            } else {
                assertThat(found).as(name).extracting(v -> v.path() + " " + v.code()).contains(expected[0] + " " + expected[1]);
            }
        }
        assertThat(found).allSatisfy(v -> assertThat(v.message()).doesNotContain("Exception", "jackson", "eu.eevidence", "xerces", "Xerces"));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyTypeHasValidSamplesThatRoundTripAndAtLeastThreeInvalidSamplesPerFormat(MessageType type) {
        Envelope fromJson = valid(CATALOGUE.decodeJson(Corpus.read(Corpus.dir(type).resolve("valid.json"))));
        Envelope fromXml = valid(CATALOGUE.decodeXml(Corpus.read(Corpus.dir(type).resolve("valid.xml"))));
        assertThat(fromJson.messageType()).isEqualTo(type);
        assertThat(fromXml).isEqualTo(fromJson);

        // JSON -> model -> JSON: canonical bytes are a fixed point
        byte[] json1 = CATALOGUE.encodeJson(fromJson);
        Envelope again = valid(CATALOGUE.decodeJson(json1));
        assertThat(again).isEqualTo(fromJson);
        assertThat(CATALOGUE.encodeJson(again)).isEqualTo(json1);

        // XML -> model -> XML: the committed valid.xml is already canonical
        byte[] xml = Corpus.read(Corpus.dir(type).resolve("valid.xml"));
        assertThat(CATALOGUE.encodeXml(fromXml)).isEqualTo(xml);
        assertThat(CATALOGUE.encodeXml(valid(CATALOGUE.decodeXml(CATALOGUE.encodeXml(fromXml))))).isEqualTo(xml);

        assertThat(Corpus.invalidSamples(type, "json")).as(type + " JSON invalid samples").hasSizeGreaterThanOrEqualTo(3);
        assertThat(Corpus.invalidSamples(type, "xml")).as(type + " XML invalid samples").hasSizeGreaterThanOrEqualTo(3);
    }

    private static Envelope valid(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Valid.class);
        return ((Decoded.Valid) decoded).envelope();
    }
}
