package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.custody.witness.WitnessPolicy;
import eu.eevidence.gw.gateway.witness.Cosigner;
import eu.eevidence.gw.gateway.witness.WitnessSettings;
import eu.eevidence.gw.gateway.witness.WitnessStore;
import eu.eevidence.gw.sim.world.World.Country;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * issue 19 in the worlds (ADR-0028): every node witnesses the custody logs of all its peers. Before the nodes start, each
 * node's custody key, origin and witness key are created in its data directory and its {@code witness.properties} names
 * every peer's log and witness keys, a threshold of a majority of its peers and a short cosigning interval (the worlds
 * run in minutes). At the end, the invariant: every node's latest checkpoint is cosigned by at least that threshold of
 * its peers (checked with the peers' witness keys, as an auditor's policy), and no witness alarm was raised.
 */
final class WorldWitnesses {

    /** Seconds between cosigning rounds in a world (the default is 10). */
    static final int INTERVAL_SECONDS = 2;

    private WorldWitnesses() {
    }

    static String nodeId(Country c) {
        return c.code.toLowerCase(Locale.ROOT) + "-247";
    }

    /** The threshold of a node with {@code peers} witnesses: a majority of them ("2 of the 3 neighbours"). */
    static int threshold(int peers) {
        return Math.min(peers, peers / 2 + 1);
    }

    /** Writes each node's custody and witness keys and its witness.properties (before the nodes start). */
    static void configure(List<Country> list) throws Exception {
        Map<Country, NoteVerifierKey> logs = new LinkedHashMap<>();
        Map<Country, CosignerKey> witnesses = new LinkedHashMap<>();
        for (Country c : list) {
            Path keyDir = c.dir.resolve("custody-key");
            Files.createDirectories(keyDir);
            KeyPair log = NodeKey.loadOrCreate(keyDir.resolve("node.key"));
            String origin = "sim.example/" + nodeId(c) + "/custody";
            Files.writeString(keyDir.resolve("origin"), origin + "\n", StandardCharsets.US_ASCII);
            KeyPair witness = NodeKey.loadOrCreate(keyDir.resolve("witness.key"));
            logs.put(c, NoteVerifierKey.of(origin, Ed25519.raw(log.getPublic())));
            witnesses.put(c, CosignerKey.of("sim.example/" + nodeId(c) + "/witness", Ed25519.raw(witness.getPublic())));
        }
        for (Country self : list) {
            StringBuilder p = new StringBuilder("threshold=" + threshold(list.size() - 1) + "\ninterval-seconds=" + INTERVAL_SECONDS + "\n");
            for (Country other : list) {
                if (other != self) {
                    p.append("peer.").append(nodeId(other)).append(".custody-key=").append(logs.get(other).encode()).append('\n');
                    p.append("peer.").append(nodeId(other)).append(".witness-key=").append(witnesses.get(other).encode()).append('\n');
                }
            }
            Files.writeString(self.dir.resolve(WitnessSettings.FILE), p.toString(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The invariant at the end of the run: after NodeChecks' last publish each node runs one more cosigning round (the
     * periodic one may not have reached the newest checkpoint yet), then its served checkpoint is checked against the
     * policy of its peers' witness keys; any witness alarm on any node violates it too.
     */
    static WorldReport.Invariant check(World w) throws Exception {
        boolean held = true;
        int cosigned = 0;
        int alarms = 0;
        int nodes = 0;
        for (Country c : w.countries.values()) {
            if (c.node == null || c.node.probe().witness() == null) {
                continue;
            }
            nodes++;
            Cosigner.Round round = c.node.probe().witness().cosigner().cosignNow();
            WitnessPolicy.Check check = policy(w, c).check(c.node.custody().log().checkpoint().orElseThrow());
            cosigned += check.cosigned().size();
            if (!check.satisfied()) {
                held = false;
                w.violations.add(c.code + ": latest checkpoint (size " + round.size() + ") " + check.summary().replace("\n  ", "; "));
            }
            List<WitnessStore.WitnessAlarm> raised = c.node.probe().witness().store().alarms(20);
            alarms += raised.size();
            for (WitnessStore.WitnessAlarm a : raised) {
                held = false;
                w.violations.add(c.code + ": witness alarm " + a.code() + " " + a.detail());
            }
        }
        return new WorldReport.Invariant("every node's latest checkpoint is cosigned by at least the policy threshold of its peers (ADR-0028)",
                held && nodes > 0 || !w.networkMode(),
                nodes + " nodes, " + cosigned + " cosignatures on their latest checkpoints, " + alarms + " witness alarms");
    }

    private static WitnessPolicy policy(World w, Country self) throws Exception {
        List<CosignerKey> keys = new ArrayList<>();
        for (Country other : w.countries.values()) {
            if (other != self) {
                Path f = other.dir.resolve("custody-key").resolve("witness.key");
                KeyPair k = NodeKey.loadOrCreate(f);
                keys.add(CosignerKey.of("sim.example/" + nodeId(other) + "/witness", Ed25519.raw(k.getPublic())));
            }
        }
        return WitnessPolicy.of(keys, threshold(keys.size()));
    }
}
