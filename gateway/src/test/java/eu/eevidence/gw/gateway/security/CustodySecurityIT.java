package eu.eevidence.gw.gateway.security;

import eu.eevidence.gw.gateway.cli.GatewayCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The custody log seen from outside (C5): {@code /custody/} is read-only (every writing method refused), its tile paths
 * cannot be used to walk the data directory, refused input leaves at most a refusal record and none of its content, and
 * the independent auditor ({@code audit verify}) still verifies the whole log after the attacks.
 */
class CustodySecurityIT {

    @TempDir
    static Path dir;
    static SecurityNode n;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        n.preservedRequest(n.cp);
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static String checkpoint() throws Exception {
        return n.anonymous.get("custody/checkpoint").body();
    }

    @ParameterizedTest(name = "E1/E3 {0} {1} -> 405 EEG-HTTP-405, checkpoint unchanged")
    @CsvSource({"PUT, /custody/checkpoint", "DELETE, /custody/checkpoint", "POST, /custody/checkpoint", "PUT, /custody/tile/0/000",
            "DELETE, /custody/tile/entries/000", "PUT, /custody/vkey"})
    void writeMethodsRefused(String method, String path) throws Exception {
        String before = checkpoint();
        String[] extra = method.equals("DELETE") ? new String[0] : new String[] {"Content-Type: text/plain", "Content-Length: 5"};
        n.attack(405, "EEG-HTTP-405", () -> n.raw(null, n.head(method, path, extra), extra.length == 0 ? null : "x\n0\n".concat("x").getBytes()));
        assertThat(checkpoint()).isEqualTo(before);
    }

    @ParameterizedTest(name = "path traversal GET {0} -> 404 EEG-HTTP-404")
    @CsvSource({"/custody/tile/..%2F..%2Fpki%2Fpassword", "/custody/tile/../../pki/password", "/custody/../node/pki/password",
            "/custody/tile/0/x001", "/custody/tile/entries/999999999", "/custody/tile/0/000.p/0", "/custody/tile/-1/000",
            "/custody/archive/..%2F..%2Fdb"})
    void tileTraversal(String path) throws Exception {
        SecurityNode.Reply r = n.attack(404, "EEG-HTTP-404", () -> n.raw(null, n.head("GET", path), null));
        assertThat(r.body()).doesNotContain("BEGIN");
    }

    @Test
    @DisplayName("E1-E3 after refused inputs the log verifies with the independent auditor and holds none of their content")
    void logVerifiesAfterAttacks() throws Exception {
        String marker = "CANARY-" + UUID.randomUUID();
        String bad = new String(SecurityNode.sample(), StandardCharsets.UTF_8).replace("Non-consensual", marker).replace("\"preservationDays\": 90",
                "\"preservationDays\": 59");
        n.attack(422, "EEG-REQ-INVALID", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", bad.getBytes(StandardCharsets.UTF_8),
                "application/json", "sec-" + UUID.randomUUID())));
        n.node.custody().flushAndPublish();
        String ca = n.pki.directory().resolve("ca.pem").toString();
        assertThat(GatewayCli.execute("audit", "verify", "--log", n.baseUrl() + "/custody/", "--vkey", n.node.custody().log().verifierKey().encode(),
                "--trust", ca)).isZero();
        try (Stream<Path> files = Files.walk(dir.resolve("node").resolve("custody"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(marker);
            }
        }
        assertThat(n.newCustodyRecords(0)).noneSatisfy(r -> assertThat(r).contains(marker));
    }
}
