package eu.eevidence.gw.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fuzz targets of the evidence upload's parsing of outside bytes (docs/design/fuzzing.md): the create body
 * ({@code {"itemId", "mediaType", "size", "sha256", "partSize"}}) and a part's digest headers ({@code X-Part-SHA256},
 * {@code Content-Digest}). The manifest the uploads are checked against is an EXECUTION_REPORT catalogue message,
 * fuzzed by message-schemas' CatalogueCodecFuzzTest. Contract: a value or null (then 400 EEG-EVD-BAD-UPLOAD), never
 * an exception.
 */
class EvidenceUploadFuzzTest {

    @FuzzTest
    void createBody(byte[] body) {
        JsonNode n = EvidenceUploadResource.createBody(body);
        if (n != null) {
            assertThat(n.isObject()).isTrue();
            for (String f : new String[] {"itemId", "mediaType", "sha256"}) {
                EvidenceUploadResource.text(n, f);
            }
            for (String f : new String[] {"size", "partSize"}) {
                EvidenceUploadResource.number(n, f);
            }
        }
    }

    @FuzzTest
    void partDigest(FuzzedDataProvider data) {
        String hex = data.consumeBoolean() ? null : data.consumeString(80);
        String contentDigest = data.consumeRemainingAsString();
        String d = EvidenceUploadResource.digest(hex, contentDigest);
        if (d != null && (hex == null || hex.isBlank())) {
            assertThat(d).matches("[0-9a-f]{64}");
        }
    }
}
