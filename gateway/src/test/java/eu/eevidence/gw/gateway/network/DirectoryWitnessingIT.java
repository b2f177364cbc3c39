package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.custody.witness.WitnessPolicy;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.witness.Cosigner;
import eu.eevidence.gw.pki.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * issue 19: the witness keys come from the signed network directory (custodyKey, witnessKey per node), with no
 * witness configuration: two nodes find each other as witnesses and cosign each other's checkpoints (default policy:
 * every peer with a witness key, threshold 1). A node the directory lists without keys is not asked.
 */
class DirectoryWitnessingIT {

    @TempDir
    Path dir;

    @Test
    void peersListedWithKeysWitnessEachOther() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        int portA = freePort();
        int portB = freePort();
        Map<String, String[]> keys = Map.of("be-247", prepare(dir.resolve("a"), "be-247"), "nl-247", prepare(dir.resolve("b"), "nl-247"));
        NetworkDirectory d = f.directory(1);
        List<NetworkDirectory.NodeEntry> nodes = List.of(node("be-247", "BE", portA, f.be, keys.get("be-247")),
                node("nl-247", "NL", portB, f.nl, keys.get("nl-247")), node("de-247", "DE", freePort(), f.de247, null));
        Path signed = dir.resolve("directory.p7s");
        Files.write(signed, f.sign(new NetworkDirectory(1, d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms())));
        try (GatewayNode b = GatewayNode.start(config(dir.resolve("b"), portB, f.nl, f).withNetwork(identity("nl-247", "NL"), List.of())
                .withNetworkDirectory(signed));
             GatewayNode a = GatewayNode.start(config(dir.resolve("a"), portA, f.be, f).withNetwork(identity("be-247", "BE"), List.of())
                     .withNetworkDirectory(signed))) {
            for (GatewayNode n : List.of(a, b)) {
                Cosigner cosigner = n.probe().witness().cosigner();
                assertThat(cosigner.witnesses()).hasSize(1); // the other one; de-247 lists no witness key
                n.custody().flushAndPublish();
                Cosigner.Round r = cosigner.cosignNow();
                assertThat(r.outcomes()).as(r.outcomes().toString()).singleElement().satisfies(o -> assertThat(o.cosigned()).isTrue());
                assertThat(r.threshold()).isEqualTo(1);
                CosignerKey witness = cosigner.witnesses().get(0).key();
                assertThat(WitnessPolicy.of(List.of(witness), 1).check(n.custody().log().checkpoint().orElseThrow()).satisfied()).isTrue();
            }
            assertThat(a.probe().witness().cosigner().witnesses().get(0).peer().nodeId()).isEqualTo("nl-247");
        }
    }

    /** Creates the node's custody and witness keys in its data directory; returns {custodyKey, witnessKey}. */
    static String[] prepare(Path data, String id) throws Exception {
        Path keyDir = data.resolve("custody-key");
        KeyPair log = NodeKey.loadOrCreate(keyDir.resolve("node.key"));
        Files.writeString(keyDir.resolve("origin"), "it.example/" + id + "/custody\n");
        KeyPair witness = NodeKey.loadOrCreate(keyDir.resolve("witness.key"));
        return new String[] {NoteVerifierKey.of("it.example/" + id + "/custody", Ed25519.raw(log.getPublic())).encode(),
            CosignerKey.of("it.example/" + id + "/witness", Ed25519.raw(witness.getPublic())).encode()};
    }

    static NetworkDirectory.NodeEntry node(String id, String country, int port, KeyMaterial key, String[] witnessing) {
        return new NetworkDirectory.NodeEntry(id, country, NodeRole.CONTACT_POINT_24_7, "https://127.0.0.1:" + port + "/",
                List.of(DirectoryFixture.pem(key)), DirectoryFixture.ALL_TYPES, List.of("1.0"),
                Map.of(Instrument.BUDAPEST, DirectoryFixture.terms()), List.of("en"), witnessing == null ? null : witnessing[0],
                witnessing == null ? null : witnessing[1], null);
    }

    static NodeIdentity identity(String id, String country) {
        return new NodeIdentity(id, country, NodeRole.CONTACT_POINT_24_7);
    }

    static NodeConfig config(Path data, int port, KeyMaterial key, DirectoryFixture f) {
        return new NodeConfig(data, "127.0.0.1", port, null, null, null, key, f.trust, List.of(), null, 0, null);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
