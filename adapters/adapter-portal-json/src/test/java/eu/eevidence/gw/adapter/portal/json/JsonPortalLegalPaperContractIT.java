package eu.eevidence.gw.adapter.portal.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PortalHttp;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Portals that take the legal process as a file: the PDF is uploaded first and the request names it. */
class JsonPortalLegalPaperContractIT {

    private static final String DOCS = "/le/v1/documents";
    private static final String PATH = "/le/v1/requests";
    private static final String KEY = "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA";
    private static final String DIGEST = "0f7b6c2f2c7d1d6c35b1d8e33d2b4a1ad0ff0c2f8ad11f3bcfa0e5e0a6a3b7c9";
    private static final JsonPortalAdapter ADAPTER = new JsonPortalAdapter(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final DeliveryRequest.LegalPaper PAPER = new DeliveryRequest.LegalPaper("Preservation request", List.of(
            new DeliveryRequest.LegalPaper.Section("Account", "80351110224678912")));
    private static WireMockServer portal;

    /** Echoes the uploaded document's digest, as a correct portal does. */
    static final class DocumentReceipts implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "doc-receipts";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent e) {
            return new ResponseDefinitionBuilder().withStatus(201).withBody("{\"documentId\":\"DOC-1\",\"sha256\":\"" + PortalHttp.sha256(e.getRequest().getBody()) + "\"}").build();
        }
    }

    @BeforeAll
    static void start() {
        portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new DocumentReceipts()));
        portal.start();
    }

    @AfterAll
    static void stop() {
        portal.stop();
    }

    @BeforeEach
    void reset() {
        portal.resetAll();
        portal.stubFor(post(urlPathEqualTo(DOCS)).willReturn(aResponse().withTransformers("doc-receipts")));
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody("{\"receiptId\":\"RCPT-9\",\"requestId\":\"" + KEY
                + "\",\"payloadSha256\":\"" + DIGEST + "\",\"receivedAt\":\"2026-11-24T02:00:00Z\",\"status\":\"RECEIVED\"}")));
    }

    private static DeliveryRequest request(DeliveryRequest.LegalPaper paper) {
        return new DeliveryRequest(KEY, KEY, new DeliveryRequest.Destination("kodexish", URI.create("http://127.0.0.1:" + portal.port() + "/"), null,
                Map.of("legalPaper.upload", "true")), "BUDAPEST_ART29_PRESERVATION", new byte[]{1, 2, 3}, DIGEST, 1,
                new DeliveryRequest.Context(null, List.of(), null, null, paper));
    }

    private static int posts(String path) {
        return portal.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    @Test
    void withoutAPaperNothingIsSent() {
        assertThat(ADAPTER.deliver(request(null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-PDF-NO-PAPER"));
        assertThat(portal.getAllServeEvents()).isEmpty();
    }

    @Test
    void uploadsThePdfThenTheRequestNamingIt() throws Exception {
        assertThat(ADAPTER.deliver(request(PAPER))).isInstanceOf(DeliveryOutcome.Delivered.class);
        var doc = portal.findAll(postRequestedFor(urlPathEqualTo(DOCS))).get(0);
        assertThat(doc.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(doc.getHeader("Idempotency-Key")).isEqualTo(KEY + ":legal-paper");
        assertThat(doc.getHeader("X-Document-SHA256")).isEqualTo(PortalHttp.sha256(doc.getBody()));
        try (PDDocument d = Loader.loadPDF(doc.getBody())) {
            assertThat(new PDFTextStripper().getText(d)).contains("Preservation request", "80351110224678912", KEY);
        }
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0).getHeader("X-Legal-Process-Document")).isEqualTo("DOC-1");
        // a retry uploads the very same bytes under the same key
        ADAPTER.deliver(request(PAPER));
        var docs = portal.findAll(postRequestedFor(urlPathEqualTo(DOCS)));
        assertThat(docs).hasSize(2).extracting(r -> r.getHeader("X-Document-SHA256")).containsOnly(doc.getHeader("X-Document-SHA256"));
    }

    @Test
    void aFailedUploadSendsNoRequest() {
        portal.stubFor(post(urlPathEqualTo(DOCS)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "4")));
        assertThat(ADAPTER.deliver(request(PAPER))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-DLV-HTTP-503");
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(4));
        });
        portal.stubFor(post(urlPathEqualTo(DOCS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(ADAPTER.deliver(request(PAPER))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-IO"));
        portal.stubFor(post(urlPathEqualTo(DOCS)).willReturn(aResponse().withStatus(201).withBody("{\"documentId\":\"D\",\"sha256\":\"" + "00".repeat(32) + "\"}")));
        assertThat(ADAPTER.deliver(request(PAPER))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-DIGEST-MISMATCH"));
        portal.stubFor(post(urlPathEqualTo(DOCS)).willReturn(aResponse().withStatus(201).withBody("[]")));
        assertThat(ADAPTER.deliver(request(PAPER))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-BAD-RECEIPT"));
        portal.stubFor(post(urlPathEqualTo(DOCS)).willReturn(aResponse().withStatus(415)));
        assertThat(ADAPTER.deliver(request(PAPER))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.httpStatus()).isEqualTo(415));
        assertThat(posts(PATH)).isZero();
        assertThat(posts(DOCS)).isEqualTo(5);
    }
}
