package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.gateway.witness.PeerLogKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** issue 19: the directory's optional custodyKey and witnessKey per node, additive (older directories read as before). */
class DirectoryWitnessKeysTest {

    @TempDir
    Path dir;

    @Test
    void malformedKeysAreRefusedWithTheirPath() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        NetworkDirectory d = withKeys(f.directory(3), "not+a+key", null);
        byte[] json = d.toCanonicalJson();
        assertThatThrownBy(() -> NetworkDirectory.read(json, f.now)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("$.nodes[0].custodyKey");
        String logKeyAsWitnessKey = NoteVerifierKey.of("x.example/custody", Ed25519.raw(Ed25519.generate().getPublic())).encode();
        byte[] json2 = withKeys(f.directory(3), null, logKeyAsWitnessKey).toCanonicalJson();
        assertThatThrownBy(() -> NetworkDirectory.read(json2, f.now)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("$.nodes[0].witnessKey");
    }

    @Test
    void olderDirectoriesReadAsBeforeAndKeepTheirCanonicalBytes() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        byte[] json = f.directory(3).toCanonicalJson();
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("custodyKey").doesNotContain("witnessKey");
        NetworkDirectory read = NetworkDirectory.read(json, f.now);
        assertThat(read.nodes().get(0).custodyKey()).isNull();
        assertThat(read.toCanonicalJson()).isEqualTo(json);
        assertThat(DirectoryWitnessKeys.of(read)).isEmpty();
    }

    @Test
    void keysAreReadAndMappedByNode() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        NoteVerifierKey log = NoteVerifierKey.of("evidence-gateway.node/0011223344556677/custody", Ed25519.raw(Ed25519.generate().getPublic()));
        CosignerKey witness = CosignerKey.of("evidence-gateway.node/0011223344556677/witness", Ed25519.raw(Ed25519.generate().getPublic()));
        byte[] json = withKeys(f.directory(3), log.encode(), witness.encode()).toCanonicalJson();
        NetworkDirectory read = NetworkDirectory.read(json, f.now);
        assertThat(read.toCanonicalJson()).isEqualTo(json);
        Map<String, PeerLogKeys> keys = DirectoryWitnessKeys.of(read);
        assertThat(keys).containsOnlyKeys("be-247");
        assertThat(keys.get("be-247").logKey()).isEqualTo(log);
        assertThat(keys.get("be-247").witnessKey()).isEqualTo(witness);
    }

    static NetworkDirectory withKeys(NetworkDirectory d, String custodyKey, String witnessKey) {
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>(d.nodes());
        NetworkDirectory.NodeEntry n = nodes.get(0);
        nodes.set(0, new NetworkDirectory.NodeEntry(n.nodeId(), n.country(), n.role(), n.endpoint(), n.certificates(), n.messageTypes(), n.versions(),
                n.instruments(), n.languages(), custodyKey, witnessKey, null));
        return new NetworkDirectory(d.version(), d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms());
    }
}
