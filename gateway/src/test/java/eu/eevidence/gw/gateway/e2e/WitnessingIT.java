package eu.eevidence.gw.gateway.e2e;

import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.witness.AddCheckpoint;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.custody.witness.WitnessPolicy;
import eu.eevidence.gw.gateway.api.WitnessResource;
import eu.eevidence.gw.gateway.cli.GatewayCli;
import eu.eevidence.gw.gateway.witness.Cosigner;
import eu.eevidence.gw.gateway.witness.WitnessProtocol;
import eu.eevidence.gw.gateway.witness.WitnessSettings;
import eu.eevidence.gw.gateway.witness.WitnessStore;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * issue 19: three nodes, each the witness of the other two (keys from the witness configuration, policy "2 of 2"):
 * the scheduled job gets every node's checkpoint cosigned and published; a consistent update is cosigned again; the
 * HTTP answers of the protocol; a fork (a second checkpoint of one size signed with BE's key) is refused by every
 * witness and raises an alarm on both sides.
 */
class WitnessingIT {

    static final List<String> COUNTRIES = List.of("BE", "NL", "DE");

    @TempDir
    Path dir;

    final Map<String, KeyPair> logKeys = new LinkedHashMap<>();
    final Map<String, NoteVerifierKey> logVkeys = new LinkedHashMap<>();
    final Map<String, CosignerKey> witnessKeys = new LinkedHashMap<>();

    /** Pre-creates each node's custody key, origin and witness key, then writes each node's witness.properties. */
    void prepareKeys() throws Exception {
        for (String c : COUNTRIES) {
            String id = c.toLowerCase(java.util.Locale.ROOT) + "-247";
            Path keyDir = dir.resolve(id).resolve("custody-key");
            KeyPair log = NodeKey.loadOrCreate(keyDir.resolve("node.key"));
            Files.writeString(keyDir.resolve("origin"), "it.example/" + id + "/custody\n");
            KeyPair witness = NodeKey.loadOrCreate(keyDir.resolve("witness.key"));
            logKeys.put(id, log);
            logVkeys.put(id, NoteVerifierKey.of("it.example/" + id + "/custody", Ed25519.raw(log.getPublic())));
            witnessKeys.put(id, CosignerKey.of("it.example/" + id + "/witness", Ed25519.raw(witness.getPublic())));
        }
        for (String self : logVkeys.keySet()) {
            StringBuilder p = new StringBuilder("threshold=2\ninterval-seconds=1\n");
            for (String other : logVkeys.keySet()) {
                if (!other.equals(self)) {
                    p.append("peer.").append(other).append(".custody-key=").append(logVkeys.get(other).encode()).append('\n');
                    p.append("peer.").append(other).append(".witness-key=").append(witnessKeys.get(other).encode()).append('\n');
                }
            }
            Files.writeString(dir.resolve(self).resolve(WitnessSettings.FILE), p.toString());
        }
    }

    @Test
    void everyNodeWitnessesTheOthersAndAForkIsRefusedByEveryWitness() throws Exception {
        prepareKeys();
        try (NodeNetwork net = NodeNetwork.builder(dir).node("BE", "BE 24/7", false).node("NL", "NL 24/7", false).node("DE", "DE 24/7", false)
                .start()) {
            NodeNetwork.Member be = net.get("BE");
            NodeNetwork.Member nl = net.get("NL");
            // a refused submission is a custody event: every log grows
            for (String c : COUNTRIES) {
                net.get(c).cp.submit("{\"not\":\"a request\"}".getBytes(StandardCharsets.UTF_8), "bad-" + UUID.randomUUID());
                net.get(c).node.custody().flushAndPublish();
            }
            // the scheduled job (every second) has each node's checkpoint cosigned by both peers, published at /custody/checkpoint
            for (String c : COUNTRIES) {
                NodeNetwork.Member m = net.get(c);
                WitnessPolicy policy = policyFor(m.nodeId(), 2);
                await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
                    String served = m.cp.get("custody/checkpoint").body();
                    return policy.check(served).satisfied();
                });
            }
            assertThat(auditCheckpoint(be, 2)).isZero();

            // a consistent update: BE grows, the next round sends a consistency proof from the cosigned size
            be.cp.submit("{\"still\":\"not a request\"}".getBytes(StandardCharsets.UTF_8), "bad-" + UUID.randomUUID());
            String note = be.node.custody().flushAndPublish();
            long size = Checkpoint.parse(SignedNote.parse(note).text()).size();
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Cosigner.Round r = be.node.probe().witness().cosigner().cosignNow();
                assertThat(r.size()).isEqualTo(size);
                assertThat(r.outcomes()).as(r.outcomes().toString()).allMatch(Cosigner.Outcome::cosigned);
                assertThat(r.satisfied()).isTrue();
                millis.add(r.took().toMillis());
            }
            System.out.println("FIGURE cosigning round trip (2 witnesses, sequential, loopback mTLS), ms: " + millis);
            assertThat(policyFor(be.nodeId(), 2).check(be.cp.get("custody/checkpoint").body()).satisfied()).isTrue();
            String ca = dir.resolve("pki/ca.pem").toString();
            assertThat(GatewayCli.execute("audit", "verify", "--log", be.node.baseUrl() + "/custody/", "--vkey", logVkeys.get(be.nodeId()).encode(),
                    "--trust", ca, "--witness", witnessKeys.get("nl-247").encode(), "--witness", witnessKeys.get("de-247").encode())).isZero();

            // the protocol's answers over HTTPS: NL's witness, called by BE's node certificate
            ContactPointClient asBe = new ContactPointClient(nl.node.baseUrl(), be.key, net.trust());
            String path = WitnessProtocol.ADD_CHECKPOINT.substring(1);
            ContactPointClient.Answer stale = asBe.post(path, new AddCheckpoint(0, List.of(), note).encode(), "text/plain", null);
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.contentType()).startsWith(AddCheckpoint.SIZE_MEDIA_TYPE);
            assertThat(stale.body()).isEqualTo(size + "\n");
            assertThat(stale.headers().firstValue(WitnessResource.CODE_HEADER)).contains("EEG-WIT-OLD-SIZE");
            ContactPointClient.Answer garbage = asBe.post(path, "old x\n\nnothing\n".getBytes(StandardCharsets.UTF_8), "text/plain", null);
            assertThat(garbage.status()).isEqualTo(400);
            assertThat(garbage.body()).contains("EEG-WIT-MALFORMED");
            KeyPair stranger = Ed25519.generate();
            String unknown = SignedNote.sign(Checkpoint.of("stranger.example/log", 1, new byte[32]).body(),
                    NoteVerifierKey.of("stranger.example/log", Ed25519.raw(stranger.getPublic())), stranger.getPrivate());
            ContactPointClient.Answer unknownLog = asBe.post(path, new AddCheckpoint(0, List.of(), unknown).encode(), "text/plain", null);
            assertThat(unknownLog.status()).isEqualTo(404);
            assertThat(unknownLog.body()).contains("EEG-WIT-UNKNOWN-LOG");
            String badSignature = SignedNote.sign(Checkpoint.parse(SignedNote.parse(note).text()).body(),
                    NoteVerifierKey.of(logVkeys.get(be.nodeId()).name(), Ed25519.raw(stranger.getPublic())), stranger.getPrivate());
            ContactPointClient.Answer forbidden = asBe.post(path, new AddCheckpoint(size, List.of(), badSignature).encode(), "text/plain", null);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.body()).contains("EEG-WIT-BAD-SIGNATURE");
            ContactPointClient.Answer notAPeer = nl.cp.post(path, new AddCheckpoint(size, List.of(), note).encode(), "text/plain", null);
            assertThat(notAPeer.status()).isEqualTo(403);
            assertThat(notAPeer.body()).contains("EEG-WIT-NOT-PEER");
            assertThat(nl.node.probe().witness().store().alarms(10)).isEmpty();

            // the fork: a second checkpoint of BE's cosigned size with another root, signed with BE's own key, sent through BE's
            // own cosigning client to every witness
            byte[] otherRoot = MessageDigest.getInstance("SHA-256").digest("a tree nobody else sees".getBytes(StandardCharsets.US_ASCII));
            String forked = SignedNote.sign(Checkpoint.of(logVkeys.get(be.nodeId()).name(), size, otherRoot).body(), logVkeys.get(be.nodeId()),
                    logKeys.get(be.nodeId()).getPrivate());
            Cosigner cosigner = be.node.probe().witness().cosigner();
            for (Cosigner.Witnessing w : cosigner.witnesses()) {
                List<String> lines = new ArrayList<>();
                Cosigner.Outcome o = cosigner.submit(w, forked, lines);
                assertThat(o.cosigned()).as(w.peer().nodeId()).isFalse();
                assertThat(o.status()).isEqualTo(409);
                assertThat(lines).isEmpty();
            }
            for (String c : List.of("NL", "DE")) {
                List<WitnessStore.WitnessAlarm> alarms = net.get(c).node.probe().witness().store().alarms(10);
                assertThat(alarms).as(c).extracting(WitnessStore.WitnessAlarm::code).containsExactly("EEG-WIT-FORK");
                assertThat(alarms.get(0).peerNode()).isEqualTo(be.nodeId());
                assertThat(alarms.get(0).evidence()).isEqualTo(forked);
            }
            assertThat(be.node.probe().witness().store().alarms(10)).extracting(WitnessStore.WitnessAlarm::code)
                    .containsExactly("EEG-WIT-REFUSED", "EEG-WIT-REFUSED");
            // the witnesses kept the real tree head: BE's genuine checkpoint is still cosigned, the forked one never is
            assertThat(cosigner.cosignNow().satisfied()).isTrue();
            Path forkFile = dir.resolve("forked.checkpoint");
            Files.writeString(forkFile, forked);
            assertThat(GatewayCli.execute("audit", "checkpoint", "--vkey", logVkeys.get(be.nodeId()).encode(), "--in", forkFile.toString(),
                    "--witness", witnessKeys.get("nl-247").encode(), "--witness", witnessKeys.get("de-247").encode(), "--threshold", "1")).isEqualTo(1);
        }
    }

    WitnessPolicy policyFor(String nodeId, int threshold) throws Exception {
        List<CosignerKey> others = new ArrayList<>();
        for (Map.Entry<String, CosignerKey> e : witnessKeys.entrySet()) {
            if (!e.getKey().equals(nodeId)) {
                others.add(e.getValue());
            }
        }
        return WitnessPolicy.of(others, threshold);
    }

    int auditCheckpoint(NodeNetwork.Member m, int threshold) throws Exception {
        Path f = dir.resolve(m.nodeId() + ".checkpoint");
        Files.writeString(f, m.cp.get("custody/checkpoint").body());
        List<String> args = new ArrayList<>(List.of("audit", "checkpoint", "--vkey", logVkeys.get(m.nodeId()).encode(), "--in", f.toString(),
                "--threshold", String.valueOf(threshold)));
        for (Map.Entry<String, CosignerKey> e : witnessKeys.entrySet()) {
            if (!e.getKey().equals(m.nodeId())) {
                args.add("--witness");
                args.add(e.getValue().encode());
            }
        }
        return GatewayCli.execute(args.toArray(String[]::new));
    }
}
