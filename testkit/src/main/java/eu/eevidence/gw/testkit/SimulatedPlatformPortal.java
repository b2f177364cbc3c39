package eu.eevidence.gw.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A platform's law-enforcement portal, simulated with WireMock over HTTPS with mutual TLS, speaking the
 * json-portal protocol. It really opens what it receives (decrypts with the platform key, verifies the signature
 * against the network's trust anchors and requires the sender to hold the NODE role), answers with a receipt
 * that echoes the request id and payload digest, and applies each idempotency key once. Faults can be queued.
 */
public final class SimulatedPlatformPortal implements AutoCloseable {

    public static final String PATH = "/le/v1/requests";
    private static final String TRANSFORMER = "eeg-portal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Behaviour behaviour;

    /** What the portal received and accepted (one per idempotency key). */
    public record Accepted(String idempotencyKey, String requestId, String receiptId, OpenedMessage message, String payloadSha256) {
    }

    private SimulatedPlatformPortal(WireMockServer server, Behaviour behaviour) {
        this.server = server;
        this.behaviour = behaviour;
    }

    /**
     * Starts the portal on a free loopback port.
     *
     * @param platformKey   the platform's key: TLS server certificate and the key requests are encrypted to
     * @param trust         the network's trust anchors (client certificates and signatures)
     * @param workDir       where the TLS key stores for Jetty are written (owner-only)
     * @param preservation  how long the platform says it preserves
     */
    public static SimulatedPlatformPortal start(KeyMaterial platformKey, TrustAnchors trust, Path workDir, Duration preservation, Clock clock) {
        try {
            Files.createDirectories(workDir);
            char[] password = randomPassword();
            Path keystore = workDir.resolve("portal-tls.p12");
            platformKey.savePkcs12(keystore, password, "portal");
            Path truststore = workDir.resolve("portal-trust.p12");
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            for (int i = 0; i < trust.anchors().size(); i++) {
                ts.setCertificateEntry("anchor-" + i, trust.anchors().get(i));
            }
            try (var out = Files.newOutputStream(truststore)) {
                ts.store(out, password);
            }
            Behaviour behaviour = new Behaviour(platformKey, trust, preservation, clock);
            WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                    .bindAddress("127.0.0.1")
                    .httpDisabled(true)
                    .dynamicHttpsPort()
                    .keystorePath(keystore.toString())
                    .keystorePassword(new String(password))
                    .keyManagerPassword(new String(password))
                    .keystoreType("PKCS12")
                    .needClientAuth(true)
                    .trustStorePath(truststore.toString())
                    .trustStorePassword(new String(password))
                    .trustStoreType("PKCS12")
                    .containerThreads(64) // a slow portal (latency) serves many callers at once, as a real one does
                    .extensions(behaviour));
            server.start();
            server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withTransformers(TRANSFORMER)));
            return new SimulatedPlatformPortal(server, behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PkiException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("portal TLS set-up failed", e);
        }
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + server.httpsPort() + "/";
    }

    /** The next {@code count} deliveries are answered with {@code status} (e.g. 503) without any effect. */
    public void failNext(int count, int status) {
        failNext(count, status, null);
    }

    /** As {@link #failNext(int, int)}, each fault answer carrying {@code Retry-After: <seconds>} (null: none). */
    public void failNext(int count, int status, Duration retryAfter) {
        behaviour.faultRetryAfter = retryAfter;
        behaviour.faultStatus = status;
        behaviour.faults.addAndGet(count);
    }

    /** Ends a simulated outage: queued faults are dropped. */
    public void heal() {
        behaviour.faults.set(0);
    }

    /** Every answer is delayed by {@code latency} (a slow link; zero restores it). */
    public void latency(Duration latency) {
        behaviour.latencyMillis = Math.max(0, latency.toMillis());
    }

    /** Requests accepted, in order; one per idempotency key. */
    public List<Accepted> accepted() {
        return behaviour.accepted();
    }

    /** Every POST that reached the portal (including retries and faults). */
    public int deliveriesReceived() {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo(PATH)).build()).getCount();
    }

    public WireMockServer wireMock() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The portal's behaviour behind the WireMock stub. */
    static final class Behaviour implements ResponseDefinitionTransformerV2 {
        private final KeyMaterial key;
        private final TrustAnchors trust;
        private final Duration preservation;
        private final Clock clock;
        private final CmsProfile cms;
        private final Map<String, String> receiptsByKey = new ConcurrentHashMap<>();
        private final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger receiptCounter = new AtomicInteger();
        private final AtomicInteger faults = new AtomicInteger();
        private volatile int faultStatus = 503;
        private volatile Duration faultRetryAfter;
        private volatile long latencyMillis;

        Behaviour(KeyMaterial key, TrustAnchors trust, Duration preservation, Clock clock) {
            this.key = key;
            this.trust = trust;
            this.preservation = preservation;
            this.clock = clock;
            this.cms = new CmsProfile(clock);
        }

        List<Accepted> accepted() {
            synchronized (accepted) {
                return List.copyOf(accepted);
            }
        }

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ResponseDefinition r = answer(event);
            long delay = latencyMillis;
            return delay == 0 ? r : ResponseDefinitionBuilder.like(r).withFixedDelay((int) delay).build();
        }

        private ResponseDefinition answer(ServeEvent event) {
            if (faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Duration retryAfter = faultRetryAfter;
                ResponseDefinition fault = problem(faultStatus, "simulated outage");
                return retryAfter == null ? fault : ResponseDefinitionBuilder.like(fault)
                        .withHeader("Retry-After", Long.toString(retryAfter.toSeconds())).build();
            }
            var request = event.getRequest();
            String idempotencyKey = request.getHeader("Idempotency-Key");
            String requestId = request.getHeader("X-Request-Id");
            String declaredDigest = request.getHeader("X-Payload-SHA256");
            if (idempotencyKey == null || requestId == null || declaredDigest == null) {
                return problem(400, "Idempotency-Key, X-Request-Id and X-Payload-SHA256 are required");
            }
            byte[] body = request.getBody();
            String digest = sha256(body);
            if (!digest.equalsIgnoreCase(declaredDigest)) {
                return problem(400, "payload digest does not match X-Payload-SHA256");
            }
            synchronized (this) {
                String earlier = receiptsByKey.get(idempotencyKey);
                if (earlier != null) {
                    return json(200, earlier);
                }
                OpenedMessage opened;
                try {
                    opened = cms.open(body, key, trust);
                } catch (PkiException e) {
                    return problem(400, "the message could not be opened: " + e.code());
                }
                if (!opened.signerRoles().contains(Role.NODE)) {
                    return problem(403, "the signer is not a gateway node");
                }
                Instant now = clock.instant();
                String receiptId = "RCPT-" + String.format("%06d", receiptCounter.incrementAndGet());
                ObjectNode receipt = JSON.createObjectNode();
                receipt.put("receiptId", receiptId);
                receipt.put("requestId", requestId);
                receipt.put("payloadSha256", digest);
                receipt.put("receivedAt", now.toString());
                receipt.put("status", "PRESERVED");
                receipt.put("preservedUntil", now.plus(preservation).toString());
                String text = receipt.toString();
                receiptsByKey.put(idempotencyKey, text);
                accepted.add(new Accepted(idempotencyKey, requestId, receiptId, opened, digest));
                return json(201, text);
            }
        }

        private static ResponseDefinition json(int status, String body) {
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
        }

        private static ResponseDefinition problem(int status, String detail) {
            ObjectNode p = JSON.createObjectNode();
            p.put("title", "portal error");
            p.put("status", status);
            p.put("detail", detail);
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/problem+json").withBody(p.toString()).build();
        }
    }
}
