package eu.eevidence.gw.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The end-to-end demonstration: in one process, on loopback ports chosen at run time, a gateway node, a
 * simulated platform portal and a simulated 24/7 contact point. The contact point submits an Art. 29 expedited
 * preservation request; the node validates, seals (CMS), queues, delivers; the portal opens it and confirms
 * preservation; the contact point reads the status and timeline back and resubmits once to show idempotency.
 */
public final class Demo {

    public static final String PLATFORM_ID = "demo-platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the demo observed; {@link #ok()} is the verdict. */
    public record Result(boolean ok, String requestId, String finalState, String preservedUntil, int portalDeliveries,
                         int portalAccepted, boolean resubmissionSameId, Duration elapsed, String failure, JsonNode timeline) {
    }

    private Demo() {
    }

    public static Result run(Path dataDir, PrintStream out, Duration timeout) throws Exception {
        return run(dataDir, out, timeout, null);
    }

    /**
     * Runs the demo; at the end prints how to open the web console with the demo's contact-point certificate. With
     * {@code keepRunning} (not null), the node and the portal stay up after a successful exchange until it returns (the
     * command waits for Ctrl-C), so the console can be opened in a browser.
     */
    public static Result run(Path dataDir, PrintStream out, Duration timeout, Runnable keepRunning) throws Exception {
        long t0 = System.nanoTime();
        Clock clock = Clock.systemUTC();
        DevPki pki = DevPki.loadOrCreate(dataDir.resolve("pki"), clock);
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        KeyMaterial platformKey = pki.loadOrIssue("demo-platform", new IssueRequest("Demo Platform law-enforcement portal", Role.PLATFORM,
                List.of("127.0.0.1", "localhost"), KeyKind.EC_P256, Duration.ofDays(365), true, true));
        KeyMaterial contactPointKey = pki.loadOrIssue("demo-contact-point", new IssueRequest("FR 24/7 contact point (demo)", Role.CONTACT_POINT,
                List.of(), KeyKind.EC_P256, Duration.ofDays(365), false, true));
        // an issuer beyond criminal justice (ADR-0036): its console offers the content removal order only
        pki.loadOrIssue("demo-regulator", new IssueRequest("Online-safety regulator (demo)", Role.ADMINISTRATIVE_AUTHORITY,
                List.of(), KeyKind.EC_P256, Duration.ofDays(365), false, true));

        try (SimulatedPlatformPortal portal = SimulatedPlatformPortal.start(platformKey, trust, dataDir.resolve("portal"), Duration.ofDays(90), clock);
             GatewayNode node = GatewayNode.start(NodeConfig.embedded(dataDir).withPort(0)
                     .withPlatforms(List.of(new PlatformSpec(PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()), platformKey.certificate(), List.of()))))) {
            // one development PKI under dataDir/pki serves the node, the portal and the contact point: one network
            Result result = exchange(node, portal, contactPointKey, trust, out, timeout, t0);
            printConsole(out, node.baseUrl(), dataDir.resolve("pki"), new String(pki.password()), keepRunning != null);
            if (result.ok() && keepRunning != null) {
                keepRunning.run();
            }
            return result;
        }
    }

    /** How to open the web console (issue 16): its URL, the contact point's PKCS#12 file, its password, the browser steps. */
    static void printConsole(PrintStream out, String baseUrl, Path pki, String password, boolean running) {
        Path p12 = pki.resolve("demo-contact-point.p12").toAbsolutePath();
        out.println();
        out.println("CONSOLE " + baseUrl + "/console/");
        out.println("  contact point's certificate: " + p12 + " (PKCS#12; password: " + password + ", also in "
                + pki.resolve("password").toAbsolutePath() + ")");
        out.println("  open it in a browser: 1. import that .p12 as your own certificate (Firefox: Settings > Privacy & Security >");
        out.println("  Certificates > View Certificates > Your Certificates > Import; Chrome/Chromium: Settings > Privacy and security >");
        out.println("  Security > Manage certificates > Your certificates > Import); 2. import " + pki.resolve("ca.pem").toAbsolutePath());
        out.println("  as a trusted authority (Authorities > Import), so the node's certificate is recognised; 3. open the URL above");
        out.println("  and choose the certificate 'FR 24/7 contact point (demo)' when the browser asks.");
        out.println("  a regulator's certificate (role ADMINISTRATIVE_AUTHORITY: content removal orders only): "
                + pki.resolve("demo-regulator.p12").toAbsolutePath());
        if (running) {
            out.println("  the node keeps running for the console; stop it with Ctrl-C.");
        } else {
            out.println("  the node stops with the demo: run 'demo --data-dir ./demo-data --keep-running' to keep it up for the console.");
        }
    }

    private static Result exchange(GatewayNode node, SimulatedPlatformPortal portal, KeyMaterial contactPointKey, TrustAnchors trust,
                                   PrintStream out, Duration timeout, long t0) throws Exception {
        out.println("evidence-gateway demo: Budapest Convention Art. 29 expedited preservation, end to end on loopback");
        out.println("  gateway node    " + node.baseUrl());
        out.println("  platform portal " + portal.baseUrl() + " (simulated '" + PLATFORM_ID + "', WireMock, mutual TLS)");
        out.println("  contact point   " + contactPointKey.certificate().getSubjectX500Principal().getName());
        out.println();

        ContactPointClient client = new ContactPointClient(node.baseUrl(), contactPointKey, trust);
        byte[] body = sample();
        String key = "demo-" + UUID.randomUUID();
        ContactPointClient.Answer created = client.submit(body, key);
        if (created.status() != 201) {
            return failed(t0, "submission answered " + created.status() + ": " + created.body());
        }
        String id = JSON.readTree(created.body()).get("id").asText();

        JsonNode status = awaitSettled(client, id, timeout);
        ContactPointClient.Answer again = client.submit(body, key);
        boolean sameId = again.status() == 200 && id.equals(JSON.readTree(again.body()).get("id").asText());
        JsonNode timeline = JSON.readTree(client.get("api/v1/requests/" + id + "/timeline").body());
        status = JSON.readTree(client.get("api/v1/requests/" + id).body());

        out.println("TIMELINE " + id);
        for (JsonNode e : timeline.get("events")) {
            boolean moved = e.has("from") && e.has("to") && !e.get("from").asText().equals(e.get("to").asText());
            String transition = !e.has("to") ? "" : moved ? e.get("from").asText() + " -> " + e.get("to").asText()
                    : e.has("from") ? "" : e.get("to").asText();
            out.printf("  %-27s %-24s %-28s %s%n", e.get("recordedAt").asText(), e.get("event").asText(), transition,
                    e.has("detail") ? e.get("detail").asText() : "");
        }
        String state = status.get("state").asText();
        String until = status.has("preservation") ? status.get("preservation").get("end").asText() : "-";
        int deliveries = portal.deliveriesReceived();
        int accepted = portal.accepted().size();
        boolean ok = "PRESERVED".equals(state) && accepted == 1 && sameId;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        out.println();
        out.printf("SUMMARY %s request=%s state=%s preserved-until=%s portal-deliveries=%d portal-accepted=%d resubmission=%s elapsed=%.1fs%n",
                ok ? "OK" : "FAILED", id, state, until, deliveries, accepted, sameId ? "same-id" : "DIFFERENT", elapsed.toMillis() / 1000.0);
        return new Result(ok, id, state, until, deliveries, accepted, sameId, elapsed, ok ? null : "unexpected final state", timeline);
    }

    private static JsonNode awaitSettled(ContactPointClient client, String id, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long pause = 20;
        while (true) {
            JsonNode status = JSON.readTree(client.get("api/v1/requests/" + id).body());
            String state = status.get("state").asText();
            if (status.get("terminal").asBoolean() || "PRESERVED".equals(state) || Instant.now().isAfter(deadline)) {
                return status;
            }
            Thread.sleep(pause); // a polling client; the API answers each read at once
            pause = Math.min(pause * 2, 500);
        }
    }

    private static Result failed(long t0, String why) {
        return new Result(false, null, null, null, 0, 0, false, Duration.ofNanos(System.nanoTime() - t0), why, null);
    }

    /**
     * A Protocol Art. 9 emergency disclosure request (enveloped, for the demo platform) under the message id
     * {@code messageId} (a fresh one per submission): the emergency lane's benchmark and tests send it (ADR-0031).
     */
    public static byte[] emergencySample(String messageId) throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream("/demo/art9-emergency-disclosure.json")) {
            if (in == null) {
                throw new IllegalStateException("demo emergency sample missing from the jar");
            }
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return json.replace("\"msg-art9-0001\"", "\"" + messageId + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public static byte[] sample() throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream("/demo/art29-preservation.json")) {
            if (in == null) {
                throw new IllegalStateException("demo sample missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
