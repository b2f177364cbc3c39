package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict input at the edge (issue 14, item 2) on a real node over HTTP/1.1 with a client certificate: every refusal
 * first (status, code, and that nothing was stored: the caller's request list stays empty), then one valid submission
 * that is still accepted, whose {@code Location} comes from the configured public URL although {@code Host} said
 * {@code evil.example}. Raw requests go over a TLS socket so that headers can be repeated and {@code Host} forged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrictInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_URL = "https://gw.at.example:8443";

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static int port;
    static String sample;
    static String acceptedId;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        port = URI.create(net.node.baseUrl()).getPort();
        net.stopNode();
        net.node = GatewayNode.start(NodeConfig.embedded(dir).withPort(port).withRetry(TestNetwork.FAST_RETRY)
                .withPlatforms(List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(net.portal.baseUrl()), net.platformKey.certificate(), List.of())))
                .withPublicBaseUrl(PUBLIC_URL));
        cp = net.client(net.contactPoint);
        sample = new String(Demo.sample(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    // ---------------------------------------------------------------- refusals: nothing is stored

    @Test
    @Order(1)
    void illFormedUtf8Is400WithAFieldError() throws Exception {
        for (int[] bad : List.of(new int[]{0xC0, 0xAF}, new int[]{0xE0, 0x80, 0xAF}, new int[]{0xED, 0xA0, 0x80}, new int[]{0xF4, 0x90, 0x80, 0x80},
                new int[]{0xE2, 0x82})) {
            Raw r = post(replaceSlash(bad), "application/json", key());
            assertProblem(r, 400, "EEG-REQ-MALFORMED");
            assertThat(JSON.readTree(r.body).get("errors").get(0).get("code").asText()).isEqualTo("EEG-JSON-ENCODING");
        }
        byte[] utf8 = sample.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        Raw r = post(bom, "application/json", key());
        assertProblem(r, 400, "EEG-REQ-MALFORMED");
        assertThat(JSON.readTree(r.body).get("errors").get(0).get("code").asText()).isEqualTo("EEG-JSON-ENCODING");
        assertNothingStored();
    }

    @Test
    @Order(2)
    void otherCharsetsAndUtf16Or32BodiesAre415() throws Exception {
        assertProblem(post(sample.getBytes(StandardCharsets.UTF_8), "application/json; charset=ISO-8859-1", key()), 415, "EEG-HTTP-415");
        assertProblem(post(sample.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-16", key()), 415, "EEG-HTTP-415");
        assertProblem(post(sample.getBytes(StandardCharsets.UTF_16LE), "application/json", key()), 415, "EEG-HTTP-415");
        assertProblem(post(sample.getBytes(StandardCharsets.UTF_16), "application/json", key()), 415, "EEG-HTTP-415"); // FE FF BOM
        assertProblem(post(sample.getBytes(java.nio.charset.Charset.forName("UTF-32BE")), "application/json; charset=utf-8", key()), 415, "EEG-HTTP-415");
        assertNothingStored();
    }

    @Test
    @Order(3)
    void aFractionOrExponentWhereTheSchemaHasAnIntegerIs400() throws Exception {
        for (String days : List.of("90.5", "9E1", "90.0", "\"90\"")) {
            Raw r = post(sample.replace("\"preservationDays\": 90", "\"preservationDays\": " + days).getBytes(StandardCharsets.UTF_8), "application/json", key());
            assertProblem(r, 400, "EEG-REQ-MALFORMED");
            JsonNode error = JSON.readTree(r.body).get("errors").get(0);
            assertThat(error.get("code").asText()).as(days).isEqualTo("EEG-JSON-TYPE");
            assertThat(error.get("path").asText()).as(days).isEqualTo("$.preservationDays");
        }
        assertNothingStored();
    }

    @Test
    @Order(4)
    void repeatedSingletonHeadersAre400BeforeAnythingIsRead() throws Exception {
        byte[] body = sample.getBytes(StandardCharsets.UTF_8);
        assertProblem(send("POST", "/api/v1/requests", body, "Content-Type: application/json", "Idempotency-Key: " + key(), "Idempotency-Key: " + key()),
                400, "EEG-HTTP-DUPLICATE-HEADER");
        String k = key();
        assertProblem(send("POST", "/api/v1/requests", body, "Content-Type: application/json", "Idempotency-Key: " + k, "Idempotency-Key: " + k),
                400, "EEG-HTTP-DUPLICATE-HEADER");
        assertProblem(send("POST", "/api/v1/requests", body, "Content-Type: application/json", "Content-Type: application/xml", "Idempotency-Key: " + key()),
                400, "EEG-HTTP-DUPLICATE-HEADER");
        assertProblem(send("POST", "/api/v1/requests", body, "Content-Type: application/json", "Content-Encoding: gzip", "Content-Encoding: br",
                "Idempotency-Key: " + key()), 400, "EEG-HTTP-DUPLICATE-HEADER");
        // Host and Content-Length twice: refused (by the HTTP layer before the application, or by the filter)
        Raw hosts = send("POST", "/api/v1/requests", body, "Host: 127.0.0.1:" + port, "Host: evil.example", "Content-Type: application/json",
                "Idempotency-Key: " + key());
        assertThat(hosts.status).as(hosts.body).isEqualTo(400);
        Raw lengths = sendRaw("POST", "/api/v1/requests", body, "Content-Type: application/json", "Content-Length: " + body.length,
                "Content-Length: " + body.length, "Idempotency-Key: " + key());
        assertThat(lengths.status).as(lengths.body).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    @Order(5)
    void aCompressedRequestBodyIs415() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(sample.getBytes(StandardCharsets.UTF_8));
        }
        assertProblem(send("POST", "/api/v1/requests", gz.toByteArray(), "Content-Type: application/json", "Content-Encoding: gzip", "Idempotency-Key: " + key()),
                415, "EEG-HTTP-415");
        assertNothingStored();
    }

    @Test
    @Order(6)
    void anXmlBodyDeclaringAnotherEncodingIs400() throws Exception {
        String xml = Files.readString(Path.of("..", "message-schemas", "src", "test", "resources", "corpus", "EU_EPOC", "valid.xml"))
                .replace("msg-epoc-0001", "msg-epoc-" + UUID.randomUUID());
        Raw r = post(xml.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").getBytes(StandardCharsets.ISO_8859_1), "application/xml", key());
        assertProblem(r, 400, "EEG-REQ-MALFORMED");
        assertThat(JSON.readTree(r.body).get("errors").get(0).get("code").asText()).isEqualTo("EEG-XML-ENCODING");
        assertProblem(post(xml.getBytes(StandardCharsets.UTF_8), "application/xml; charset=windows-1252", key()), 415, "EEG-HTTP-415");
        assertNothingStored();
    }

    // ---------------------------------------------------------------- still accepted

    @Test
    @Order(7)
    void aValidSubmissionIsAcceptedAndItsLocationComesFromConfigurationNotFromHost() throws Exception {
        Raw r = send("POST", "/api/v1/requests", sample.getBytes(StandardCharsets.UTF_8), "Host: evil.example", "Content-Type: application/json; charset=UTF-8",
                "Idempotency-Key: " + key());
        assertThat(r.status).as(r.body).isEqualTo(201);
        acceptedId = JSON.readTree(r.body).get("id").asText();
        assertThat(r.headers.get("location")).isEqualTo(PUBLIC_URL + "/api/v1/requests/" + acceptedId);
        assertThat(r.headers.toString()).doesNotContain("evil.example");
        assertThat(JSON.readTree(cp.get("api/v1/requests").body()).get("items")).hasSize(1);
    }

    @Test
    @Order(8)
    void anActionBodyWithIllFormedUtf8IsRefusedAndRecordsNothing() throws Exception {
        assertThat(acceptedId).isNotNull();
        // the request goes on being delivered meanwhile: count only the events this test could have created
        int events = mlaEvents();
        byte[] overlong = "{\"event\":\"MLA_RECEIVED\",\"detail\":\"a\u00e9b\"}".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(overlong, (byte) 0xC3);
        overlong[at] = (byte) 0xC0; // C0 AF: '/' overlong
        overlong[at + 1] = (byte) 0xAF;
        Raw r = post("/api/v1/requests/" + acceptedId + "/events", overlong, "application/json", null);
        assertProblem(r, 400, "EEG-REQ-MALFORMED");
        assertThat(JSON.readTree(r.body).get("errors").get(0).get("code").asText()).isEqualTo("EEG-JSON-ENCODING");
        assertProblem(post("/api/v1/requests/" + acceptedId + "/events",
                "{\"event\":\"MLA_RECEIVED\"}".getBytes(StandardCharsets.UTF_16LE), "application/json", null), 415, "EEG-HTTP-415");
        assertThat(mlaEvents()).isEqualTo(events);
        assertThat(JSON.readTree(cp.get("api/v1/requests").body()).get("items")).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    private static int mlaEvents() throws Exception {
        int n = 0;
        for (var e : JSON.readTree(cp.get("api/v1/requests/" + acceptedId + "/timeline").body()).get("events")) {
            if (e.toString().contains("MLA_")) {
                n++;
            }
        }
        return n;
    }

    private static void assertNothingStored() throws Exception {
        ContactPointClient.Answer list = cp.get("api/v1/requests");
        assertThat(list.status()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).get("items")).isEmpty();
    }

    private static void assertProblem(Raw r, int status, String code) throws IOException {
        assertThat(r.status).as(r.body).isEqualTo(status);
        assertThat(r.headers.get("content-type")).as(r.body).startsWith("application/problem+json");
        assertThat(JSON.readTree(r.body).get("code").asText()).isEqualTo(code);
    }

    private static String key() {
        return "strict-" + UUID.randomUUID();
    }

    /** The sample with its first '/' (in "24/7") replaced by the given bytes. */
    private static byte[] replaceSlash(int[] replacement) {
        byte[] b = sample.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(b, (byte) '/');
        byte[] out = new byte[b.length - 1 + replacement.length];
        System.arraycopy(b, 0, out, 0, at);
        for (int i = 0; i < replacement.length; i++) {
            out[at + i] = (byte) replacement[i];
        }
        System.arraycopy(b, at + 1, out, at + replacement.length, b.length - at - 1);
        return out;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private record Raw(int status, Map<String, String> headers, String body) {
    }

    private static Raw post(byte[] body, String contentType, String idempotencyKey) throws Exception {
        return post("/api/v1/requests", body, contentType, idempotencyKey);
    }

    private static Raw post(String path, byte[] body, String contentType, String idempotencyKey) throws Exception {
        return idempotencyKey == null ? send("POST", path, body, "Content-Type: " + contentType)
                : send("POST", path, body, "Content-Type: " + contentType, "Idempotency-Key: " + idempotencyKey);
    }

    /** One HTTP/1.1 request with the given header lines, plus Content-Length, plus Host unless a Host line is given. */
    private static Raw send(String method, String path, byte[] body, String... headers) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        if (java.util.Arrays.stream(headers).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("host:"))) {
            lines.add("Host: 127.0.0.1:" + port);
        }
        lines.add("Content-Length: " + body.length);
        lines.addAll(List.of(headers));
        return exchange(method, path, body, lines);
    }

    /** Like {@link #send} but without the added Content-Length: exactly the lines given, plus Host. */
    private static Raw sendRaw(String method, String path, byte[] body, String... headers) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Host: 127.0.0.1:" + port);
        lines.addAll(List.of(headers));
        return exchange(method, path, body, lines);
    }

    private static Raw exchange(String method, String path, byte[] body, List<String> headerLines) throws Exception {
        try (SSLSocket s = (SSLSocket) Tls.sslContext(net.contactPoint, net.trust).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            for (String h : headerLines) {
                head.append(h).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(s.getInputStream());
        }
    }

    private static Raw parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Raw(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int lineEnd = i;
            while (lineEnd + 1 < b.length && !(b[lineEnd] == '\r' && b[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(b, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(b, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
