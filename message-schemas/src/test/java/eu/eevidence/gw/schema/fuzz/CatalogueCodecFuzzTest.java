package eu.eevidence.gw.schema.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;

/**
 * Fuzz targets of the catalogue's codecs (docs/design/fuzzing.md). Contract: decoding outside bytes never throws; it
 * answers {@link Decoded.Valid} or {@link Decoded.Invalid} with at least one coded violation. Any exception escaping is
 * a finding. Regression mode (every build) replays the committed inputs in
 * {@code src/test/resources/eu/eevidence/gw/schema/fuzz/CatalogueCodecFuzzTestInputs/<method>/}.
 */
class CatalogueCodecFuzzTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final JsonCodec JSON = new JsonCodec();

    @FuzzTest
    void json(byte[] body) {
        check(CATALOGUE.decodeJson(body));
    }

    @FuzzTest
    void xml(byte[] body) {
        check(CATALOGUE.decodeXml(body));
    }

    /** The platform API's request body (EvidenceRequest), decoded and validated. */
    @FuzzTest
    void request(byte[] body) {
        DecodeResult r = JSON.decodeRequest(body);
        assertThat(r).isNotNull();
        if (r instanceof DecodeResult.Invalid invalid) {
            assertThat(invalid.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.code()).startsWith("EEG-"));
        }
    }

    private static void check(Decoded d) {
        assertThat(d).isNotNull();
        if (d instanceof Decoded.Invalid invalid) {
            assertThat(invalid.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.code()).startsWith("EEG-"));
        }
    }
}
