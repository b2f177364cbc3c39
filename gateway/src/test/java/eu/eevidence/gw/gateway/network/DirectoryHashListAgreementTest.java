package eu.eevidence.gw.gateway.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * issue 21 item 5 (ADR-0038): the directory's optional per-node hash-list agreement ({@code acceptsHashLists}), additive:
 * absent means no agreement and older directories keep their canonical bytes. Negative cases first.
 */
class DirectoryHashListAgreementTest {

    @TempDir
    Path dir;

    @Test
    void aValueThatIsNotABooleanIsRefused() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        String json = new String(withAgreement(f.directory(3), "nl-247").toCanonicalJson(), StandardCharsets.UTF_8)
                .replace("\"acceptsHashLists\":true", "\"acceptsHashLists\":[1]");
        assertThatThrownBy(() -> NetworkDirectory.read(json.getBytes(StandardCharsets.UTF_8), f.now)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("acceptsHashLists");
        assertThat(code(json)).isEqualTo("EEG-DIR-MALFORMED");
    }

    @Test
    void withoutTheFieldNoPeerHasTheAgreementAndTheCanonicalBytesStay() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        byte[] json = f.directory(3).toCanonicalJson();
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("acceptsHashLists");
        NetworkDirectory read = NetworkDirectory.read(json, f.now);
        assertThat(read.toCanonicalJson()).isEqualTo(json);
        VerifiedDirectory v = f.verify(f.sign(read));
        assertThat(v.node("nl-247").orElseThrow().acceptsHashLists()).isFalse();
        assertThat(v.node("be-247").orElseThrow().acceptsHashLists()).isFalse();
    }

    @Test
    void anExplicitFalseReadsAsNoAgreementAndIsNotWritten() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        String json = new String(withAgreement(f.directory(3), "nl-247").toCanonicalJson(), StandardCharsets.UTF_8)
                .replace("\"acceptsHashLists\":true", "\"acceptsHashLists\":false");
        NetworkDirectory read = NetworkDirectory.read(json.getBytes(StandardCharsets.UTF_8), f.now);
        assertThat(read.nodes()).noneMatch(NetworkDirectory.NodeEntry::hashListAgreement);
        assertThat(new String(read.toCanonicalJson(), StandardCharsets.UTF_8)).doesNotContain("acceptsHashLists");
    }

    @Test
    void theAgreementIsSignedReadAndMappedOntoThePeer() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        byte[] json = withAgreement(f.directory(3), "nl-247").toCanonicalJson();
        assertThat(new String(json, StandardCharsets.UTF_8)).containsOnlyOnce("\"acceptsHashLists\":true");
        NetworkDirectory read = NetworkDirectory.read(json, f.now);
        assertThat(read.toCanonicalJson()).isEqualTo(json);
        VerifiedDirectory v = f.verify(f.sign(read));
        assertThat(v.node("nl-247").orElseThrow().acceptsHashLists()).isTrue();
        assertThat(v.node("be-247").orElseThrow().acceptsHashLists()).isFalse();
    }

    private static String code(String json) {
        try {
            NetworkDirectory.parse(json.getBytes(StandardCharsets.UTF_8));
            return null;
        } catch (NetworkException e) {
            return e.code();
        }
    }

    static NetworkDirectory withAgreement(NetworkDirectory d, String nodeId) {
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>();
        for (NetworkDirectory.NodeEntry n : d.nodes()) {
            nodes.add(!n.nodeId().equals(nodeId) ? n : new NetworkDirectory.NodeEntry(n.nodeId(), n.country(), n.role(), n.endpoint(),
                    n.certificates(), n.messageTypes(), n.versions(), n.instruments(), n.languages(), n.custodyKey(), n.witnessKey(), true));
        }
        return new NetworkDirectory(d.version(), d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms());
    }
}
