package eu.eevidence.gw.adapter.portal.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kodex-style portals: OAuth2 client-credentials (token cached until expiry, renewed once on 401, token endpoint
 * faults classified) and per-platform identifier rules enforced before anything is sent.
 */
class JsonPortalOAuthContractIT {

    private static final String PATH = "/le/v1/requests";
    private static final String TOKEN = "/oauth/token";
    private static final String KEY = "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA";
    private static final String DIGEST = "0f7b6c2f2c7d1d6c35b1d8e33d2b4a1ad0ff0c2f8ad11f3bcfa0e5e0a6a3b7c9";
    private static WireMockServer portal;
    private static final MutableClock CLOCK = new MutableClock();
    /** A fresh adapter per test: its OAuth token cache must not carry a token from a test that ran before (any order). */
    private final JsonPortalAdapter adapter = new JsonPortalAdapter(Duration.ofSeconds(2), Duration.ofSeconds(2), CLOCK);
    @TempDir
    static Path dir;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-25T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void start() {
        portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        portal.start();
    }

    @AfterAll
    static void stop() {
        portal.stop();
    }

    @BeforeEach
    void reset() throws Exception {
        portal.resetAll();
        Files.writeString(dir.resolve("secret"), "s3cret\n");
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(receipt())));
        tokenAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
    }

    private static void tokenAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r) {
        portal.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(r));
    }

    private static String receipt() {
        return "{\"receiptId\":\"RCPT-9\",\"requestId\":\"" + KEY + "\",\"payloadSha256\":\"" + DIGEST
                + "\",\"receivedAt\":\"2026-11-24T02:00:00Z\",\"status\":\"RECEIVED\"}";
    }

    private static Map<String, String> oauth() {
        Map<String, String> s = new HashMap<>();
        s.put("oauth2.tokenUri", TOKEN);
        s.put("oauth2.clientId", "node-xx");
        s.put("oauth2.clientSecretFile", dir.resolve("secret").toString());
        s.put("oauth2.scope", "le.requests");
        return s;
    }

    private static DeliveryRequest request(Map<String, String> settings, List<DeliveryRequest.TargetIdentifier> ids) {
        return new DeliveryRequest(KEY, KEY, new DeliveryRequest.Destination("discordish", URI.create("http://127.0.0.1:" + portal.port() + "/"), null, settings),
                "BUDAPEST_ART29_PRESERVATION", new byte[]{1, 2, 3}, DIGEST, 1, new DeliveryRequest.Context(null, ids, null, null));
    }

    private static int posts(String path) {
        return portal.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    // ---- identifier rules: refused before sending ----

    private static Map<String, String> numericIds() {
        Map<String, String> s = new HashMap<>();
        s.put("identifiers.accepted", "ACCOUNT_ID, EMAIL");
        s.put("identifiers.ACCOUNT_ID.pattern", "[0-9]{17,20}");
        return s;
    }

    @Test
    void refusesHandlesAndMalformedIdsBeforeSending() {
        var handle = List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.USERNAME, "cool_guy#1234"));
        assertThat(adapter.deliver(request(numericIds(), handle))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("EEG-ID-TYPE-NOT-ACCEPTED");
            assertThat(r.httpStatus()).isZero();
        });
        var shortId = List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.ACCOUNT_ID, "12345abc"));
        assertThat(adapter.deliver(request(numericIds(), shortId))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ID-FORMAT"));
        assertThat(adapter.deliver(request(numericIds(), List.of()))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ID-MISSING"));
        Map<String, String> broken = numericIds();
        broken.put("identifiers.ACCOUNT_ID.pattern", "[0-9");
        assertThat(adapter.deliver(request(broken, List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.ACCOUNT_ID, "80351110224678912")))))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-ADP-CONFIG"));
        assertThat(portal.getAllServeEvents()).isEmpty();
    }

    @Test
    void sendsANumericUserId() {
        var ids = List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.ACCOUNT_ID, "80351110224678912"),
                new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.EMAIL, "x@example.org"));
        assertThat(adapter.deliver(request(numericIds(), ids))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(posts(PATH)).isEqualTo(1);
    }

    // ---- OAuth2 client credentials ----

    @Test
    void logsInOnceAndReusesTheTokenUntilItExpires() {
        CLOCK.now = Instant.parse("2026-11-25T09:00:00Z");
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(posts(TOKEN)).isEqualTo(1);
        var tokenCall = portal.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).get(0);
        assertThat(tokenCall.getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("node-xx:s3cret".getBytes()));
        assertThat(tokenCall.getBodyAsString()).isEqualTo("grant_type=client_credentials&scope=le.requests");
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(PATH)))).extracting(r -> r.getHeader("Authorization")).containsOnly("Bearer tok-1");
        CLOCK.now = CLOCK.now.plusSeconds(3600 - 29); // inside the 30 s skew: renewed
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(posts(TOKEN)).isEqualTo(2);
    }

    @Test
    void renewsTheTokenOnceOn401WithTheSameIdempotencyKey() {
        CLOCK.now = Instant.parse("2026-11-26T09:00:00Z");
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401)).willSetStateTo("renewed"));
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("expired").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withStatus(201).withBody(receipt())));
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(posts(TOKEN)).isEqualTo(2);
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(KEY);
    }

    @Test
    void aSecond401IsACodedRefusalNotALoop() {
        CLOCK.now = Instant.parse("2026-11-27T09:00:00Z");
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401)));
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("EEG-AUTH-UNAUTHORIZED");
            assertThat(r.httpStatus()).isEqualTo(401);
        });
        assertThat(posts(PATH)).isEqualTo(2);
        assertThat(posts(TOKEN)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429})
    void aFailingTokenEndpointIsRetryableAndNothingIsSent(int status) {
        CLOCK.now = CLOCK.now.plusSeconds(100_000);
        tokenAnswers(aResponse().withStatus(status).withHeader("Retry-After", "5"));
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-AUTH-TOKEN-UNAVAILABLE");
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(posts(PATH)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403})
    void aRefusedClientIsACodedRefusal(int status) {
        CLOCK.now = CLOCK.now.plusSeconds(100_000);
        tokenAnswers(aResponse().withStatus(status).withBody("{\"error\":\"invalid_client\"}"));
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-AUTH-CLIENT-REJECTED"));
        assertThat(posts(PATH)).isZero();
        assertThat(posts(TOKEN)).isEqualTo(1);
    }

    @Test
    void brokenTokenAnswersAreRetryable() {
        for (String body : List.of("", "nope", "{}", "{\"access_token\":\"t\",\"token_type\":\"mac\"}", "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":-1}")) {
            CLOCK.now = CLOCK.now.plusSeconds(100_000);
            tokenAnswers(aResponse().withStatus(200).withBody(body));
            assertThat(adapter.deliver(request(oauth(), List.of()))).as(body).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                    f -> assertThat(f.code()).isEqualTo("EEG-AUTH-BAD-TOKEN-RESPONSE"));
        }
        CLOCK.now = CLOCK.now.plusSeconds(100_000);
        tokenAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-AUTH-TOKEN-UNAVAILABLE"));
        tokenAnswers(aResponse().withStatus(200).withFixedDelay(3_000).withBody("{\"access_token\":\"t\",\"token_type\":\"Bearer\"}"));
        assertThat(adapter.deliver(request(oauth(), List.of()))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-AUTH-TOKEN-UNAVAILABLE"));
        assertThat(posts(PATH)).isZero();
    }

    @Test
    void missingCredentialsAreAConfigurationRefusal() {
        Map<String, String> s = oauth();
        s.put("oauth2.clientSecretFile", dir.resolve("absent").toString());
        assertThat(adapter.deliver(request(s, List.of()))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ADP-CONFIG"));
        assertThat(portal.getAllServeEvents()).isEmpty();
    }
}
