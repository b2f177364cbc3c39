package eu.eevidence.gw.gateway.security;

import java.sql.ResultSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one node a {@code *SecurityIT} class attacks: started once per class on a loopback port with the development PKI,
 * a simulated json-portal platform ({@link Demo#PLATFORM_ID}), a second platform that answers by push
 * ({@link #PUSH_PLATFORM}, etsi-104144, never reached), this node's network identity ({@code at-247}) with one configured
 * peer ({@code de-247}, whose key the tests hold to forge or send node-to-node messages; it is not running), and
 * certificates for two contact points, an auditor, the platforms and the peer.
 *
 * <p>Every abuse case goes through {@link #attack}: snapshot of everything the node stores, the attack, the answer checked
 * (status, problem+json, stable code, no stack trace or server internals), the snapshot compared (nothing stored), and
 * the node asked again ({@code /health} 200 and an authenticated GET 200).
 */
public final class SecurityNode implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String CMS = "application/pkcs7-mime; smime-type=signed-data";
    public static final String PUSH_PLATFORM = "eu-push";
    public static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    static final EmbeddedBroker.RetryPolicy FAST_RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 4);
    /** The tables whose row counts make up "what the node stored". */
    static final List<String> TABLES = List.of("request", "request_event", "platform_answer", "portal_answer", "portal_answer_item",
            "evidence_upload", "evidence_upload_part", "evidence_item", "inbound_case", "inbound_case_message", "network_inbox",
            "network_evidence", "deadline", "manual_handoff");

    public final Path dir;
    public final DevPki pki;
    public final TrustAnchors trust;
    public final KeyMaterial platformKey;
    public final KeyMaterial pushKey;
    public final KeyMaterial contactPoint;
    public final KeyMaterial otherContactPoint;
    public final KeyMaterial auditor;
    public final KeyMaterial peerKey;
    public final NodeIdentity identity = new NodeIdentity("at-247", "AT", NodeRole.CONTACT_POINT_24_7);
    public final NodeIdentity peerIdentity = new NodeIdentity("de-247", "DE", NodeRole.CONTACT_POINT_24_7);
    public final SimulatedPlatformPortal portal;
    public final KeyMaterial nodeKey;
    public GatewayNode node;
    public final ContactPointClient cp;
    public final ContactPointClient otherCp;
    public final ContactPointClient anonymous;
    public final ContactPointClient platform;

    private SecurityNode(Path dir, java.util.function.UnaryOperator<NodeConfig> adapt) throws Exception {
        this.dir = dir;
        Clock clock = Clock.systemUTC();
        pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        platformKey = issue("test platform", Role.PLATFORM, true);
        pushKey = issue("push platform", Role.PLATFORM, false);
        contactPoint = issue("contact point A", Role.CONTACT_POINT, false);
        otherContactPoint = issue("contact point B", Role.CONTACT_POINT, false);
        auditor = issue("auditor", Role.AUDITOR, false);
        peerKey = pki.issue(new IssueRequest("node de-247", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        nodeKey = pki.issue(new IssueRequest("node at-247", Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal"), Duration.ofDays(90), clock);
        URI nowhere = URI.create("https://127.0.0.1:" + closedPort() + "/");
        Map<String, String> push = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE", "hi1.receiver.country", "IE",
                "hi1.receiver.id", "PLATFORM", "push.maxBodyBytes", Integer.toString(64 * 1024));
        NodeConfig config = NodeConfig.embedded(dir.resolve("node")).withPort(0).withRetry(FAST_RETRY).withKeys(nodeKey, trust)
                .withPlatforms(List.of(
                        new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()), platformKey.certificate(), List.of()),
                        new PlatformSpec(PUSH_PLATFORM, "etsi-104144", nowhere, pushKey.certificate(), List.of(), push)))
                .withNetwork(identity, List.of(new PeerSpec(peerIdentity, nowhere, peerKey.certificate(), Set.of())));
        config = adapt.apply(config);
        node = GatewayNode.start(config);
        cp = client(contactPoint);
        otherCp = client(otherContactPoint);
        anonymous = client(null);
        platform = client(platformKey);
    }

    /** Starts the class's node with the default settings (body limit 1 MiB). */
    public static SecurityNode start(Path dir) throws Exception {
        return new SecurityNode(dir, java.util.function.UnaryOperator.identity());
    }

    /** Starts the class's node with its configuration changed by {@code adapt} (e.g. a small per-certificate rate limit). */
    public static SecurityNode start(Path dir, java.util.function.UnaryOperator<NodeConfig> adapt) throws Exception {
        return new SecurityNode(dir, adapt);
    }

    public KeyMaterial issue(String name, Role role, boolean server) throws Exception {
        return pki.issue(new IssueRequest(name, role, server ? List.of("127.0.0.1") : List.of(), KeyKind.EC_P256, Duration.ofDays(3), server, true));
    }

    public ContactPointClient client(KeyMaterial key) throws Exception {
        return new ContactPointClient(node.baseUrl(), key, trust);
    }

    /**
     * A client that presents {@code key}'s certificate whatever CAs the server names (the JDK's own key manager would
     * silently send none for a certificate of another CA, and the test would only show the no-certificate path).
     */
    public ContactPointClient forcedClient(KeyMaterial key) throws Exception {
        return new ContactPointClient(node.baseUrl(), forcedContext(key));
    }

    /** An SSL context that trusts the node's CA and always offers {@code key} as client certificate. */
    public javax.net.ssl.SSLContext forcedContext(KeyMaterial key) throws Exception {
        java.security.cert.X509Certificate[] chain = key.chain().toArray(new java.security.cert.X509Certificate[0]);
        javax.net.ssl.X509ExtendedKeyManager km = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"k"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "k";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                return "k";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
                return chain;
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return key.privateKey();
            }
        };
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(new javax.net.ssl.KeyManager[] {km}, new javax.net.ssl.TrustManager[] {trust.trustManager()}, null);
        return ctx;
    }

    public String baseUrl() {
        return node.baseUrl();
    }

    public int port() {
        return URI.create(node.baseUrl()).getPort();
    }

    // ---------------------------------------------------------------- requests to start from

    /** The demo Art. 29 preservation request with a fresh message id (if the sample has one) as JSON bytes. */
    public static byte[] sample() throws IOException {
        return Demo.sample();
    }

    /** The demo sample as a mutable tree. */
    public static ObjectNode sampleTree() throws IOException {
        return (ObjectNode) JSON.readTree(Demo.sample());
    }

    /** Submits the sample as {@code client} and waits until the portal confirmed preservation; returns the request id. */
    public String preservedRequest(ContactPointClient client) throws Exception {
        ContactPointClient.Answer a = client.post("api/v1/requests", sample(), "application/json", "sec-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        awaitSettled(client, id);
        return id;
    }

    /**
     * Waits until request {@code id} is PRESERVED and everything it makes the node store has settled: a case that
     * legitimately creates a request calls this before the next case compares snapshots.
     */
    public void awaitSettled(ContactPointClient client, String id) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(client.get("api/v1/requests/" + id).body()).path("state").asText(),
                s -> s.equals("PRESERVED"));
        // the request's own follow-ups (custody, events) settle before the attacks take snapshots
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(new java.util.concurrent.Callable<Boolean>() {
            Map<String, Long> last = Map.of();

            @Override
            public Boolean call() throws Exception {
                Map<String, Long> now = new LinkedHashMap<>(snapshot());
                now.put("custody-max-id", maxCustodyId());
                boolean stable = now.equals(last);
                last = now;
                return stable;
            }
        });
    }

    // ---------------------------------------------------------------- what the node stored

    /**
     * Row counts of every table that holds something a client sent (the custody records are checked apart: a refusal may
     * be recorded, see {@link #newCustodyRecords}), plus the highest custody record id under {@code custody-max-id}.
     */
    public Map<String, Long> snapshot() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        node.requests().database().read(c -> {
            for (String t : TABLES) {
                try (var st = c.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
            return null;
        });
        return out;
    }

    public long maxCustodyId() throws Exception {
        return node.requests().database().read(c -> {
            try (var st = c.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM custody_record")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The custody records written after record id {@code after}: "event_type request_id record_text" each. */
    public List<String> newCustodyRecords(long after) throws Exception {
        return node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT event_type, request_id, record_text FROM custody_record WHERE id > ? ORDER BY id")) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new java.util.ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Nothing stored: every table's row count as before, and at most one new custody record, which names no request
     * (the record of a refusal: who was refused and why, no content).
     */
    public void assertNothingStored(Map<String, Long> before, long custodyBefore) throws Exception {
        assertThat(snapshot()).as("nothing stored by the refused input").isEqualTo(before);
        List<String> custody = newCustodyRecords(custodyBefore);
        assertThat(custody).as("custody records of the refusal").hasSizeLessThanOrEqualTo(1)
                .allSatisfy(r -> assertThat(r.split(" ")[1]).isEqualTo("null"))
                .allSatisfy(r -> assertThat(r).doesNotContain("OFAC").doesNotContain("consensual"));
    }

    // ---------------------------------------------------------------- the check every abuse case makes

    /** An attack that yields an HTTP answer. */
    @FunctionalInterface
    public interface Attack {
        Reply run() throws Exception;
    }

    /** An answer as seen by any of the clients (java.net.http or the raw socket). */
    public record Reply(int status, String contentType, String body, Map<String, List<String>> headers) {
        public static Reply of(ContactPointClient.Answer a) {
            return new Reply(a.status(), a.contentType(), a.body(), a.headers().map());
        }

        public static Reply of(java.net.http.HttpResponse<String> r) {
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r.headers().map());
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body == null ? "" : body.substring(0, Math.min(400, body.length())));
        }
    }

    /**
     * The abuse case contract: the attack is answered {@code status} as problem+json with {@code code} (and no internals),
     * nothing is stored, and the node still answers.
     */
    public Reply attack(int status, String code, Attack attack) throws Exception {
        Map<String, Long> before = snapshot();
        long custody = maxCustodyId();
        Reply r = attack.run();
        assertProblem(r, status, code);
        assertNothingStored(before, custody);
        assertAlive();
        return r;
    }

    /** For attacks refused at the TLS layer (no HTTP answer at all): refused, nothing stored, node alive. */
    public void refusedAtTls(Attack attack) throws Exception {
        Map<String, Long> before = snapshot();
        long custody = maxCustodyId();
        Throwable thrown = null;
        Reply r = null;
        try {
            r = attack.run();
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).as("the TLS handshake must fail, got %s", r).isNotNull();
        assertNothingStored(before, custody);
        assertAlive();
    }

    public static void assertProblem(Reply r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        JsonNode n = r.json();
        assertThat(n.path("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(n.path("status").asInt()).as(r.toString()).isEqualTo(status);
        assertThat(r.body()).as("no internals in a problem").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Jetty")
                .doesNotContain("org.apache").doesNotContain("eu.eevidence");
    }

    /** The node still answers: {@code /health} 200 without a certificate, and the tracking list 200 with one. */
    public void assertAlive() throws Exception {
        assertThat(anonymous.get("health").status()).isEqualTo(200);
        ContactPointClient.Answer list = cp.get("api/v1/requests");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- raw HTTP/1.1 over TLS

    /**
     * Sends {@code head} (request line and headers, CRLF separated, without the blank line) and {@code body} as they are
     * over a fresh TLS connection with {@code key} as client certificate (null: none), and reads the answer.
     */
    public Reply raw(KeyMaterial key, String head, byte[] body) throws Exception {
        return raw(key, head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    public Reply raw(KeyMaterial key, byte[] head, byte[] body) throws Exception {
        return raw(key, head, body, 20_000);
    }

    /** As {@link #raw(KeyMaterial, byte[], byte[])}, giving up reading after {@code timeoutMillis}. */
    public Reply raw(KeyMaterial key, byte[] head, byte[] body, int timeoutMillis) throws Exception {
        try (SSLSocket s = (SSLSocket) Tls.sslContext(key, trust).getSocketFactory().createSocket("127.0.0.1", port())) {
            s.setSoTimeout(timeoutMillis);
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse(s.getInputStream());
        }
    }

    private static Reply readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a full answer: " + headBytes.toString(StandardCharsets.ISO_8859_1));
            }
            headBytes.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.computeIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                        .add(lines[i].substring(c + 1).trim());
            }
        }
        byte[] body;
        String length = headers.containsKey("content-length") ? headers.get("content-length").get(0) : null;
        String te = headers.containsKey("transfer-encoding") ? headers.get("transfer-encoding").get(0) : null;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                b.write(in.readNBytes(n));
                readLine(in);
            }
            body = b.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        String ct = headers.containsKey("content-type") ? headers.get("content-type").get(0) : null;
        return new Reply(status, ct, new String(body, StandardCharsets.UTF_8), headers);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** A request head for the raw client: {@code METHOD target HTTP/1.1}, Host, Connection: close, then the extra lines. */
    public String head(String method, String target, String... extra) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port())
                .append("\r\nConnection: close");
        for (String e : extra) {
            sb.append("\r\n").append(e);
        }
        return sb.toString();
    }

    public static byte[] corpus(String type, String file) throws IOException {
        return Files.readAllBytes(CORPUS.resolve(type).resolve(file));
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            portal.close();
        }
    }
}
