package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The node's witness policy and the peers' keys it is configured with, from the optional file
 * {@code <data-dir>/witness.properties} (docs/configuration.md):
 * <pre>
 * witnesses=be-247,de-247,fr-247     (the peers that must cosign; default: every peer with a witness key)
 * threshold=2                        (how many of them; default 1 when there is a witness)
 * interval-seconds=10                (how often the cosigning job runs; default 10)
 * peer.be-247.custody-key=VKEY       (a peer's custody log key, when the network directory does not list it)
 * peer.be-247.witness-key=VKEY       (a peer's cosigner key, idem)
 * </pre>
 * A missing file is the default policy; a malformed file stops the node (EEG-WIT-CONFIG).
 */
public record WitnessSettings(List<String> witnesses, int threshold, Duration interval, Map<String, PeerLogKeys> peerKeys) {

    public static final String FILE = "witness.properties";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public WitnessSettings {
        witnesses = List.copyOf(witnesses);
        peerKeys = Map.copyOf(peerKeys);
        if (threshold < 0 || (!witnesses.isEmpty() && threshold > witnesses.size())) {
            throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " the threshold must be between 1 and the number of witnesses");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " the cosigning interval must be positive");
        }
    }

    public static WitnessSettings defaults() {
        return new WitnessSettings(List.of(), 0, DEFAULT_INTERVAL, Map.of());
    }

    /** Reads {@code <dataDir>/witness.properties}, or the defaults when there is none. */
    public static WitnessSettings load(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        if (!Files.exists(f)) {
            return defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " cannot read " + f + ": " + e.getMessage(), e);
        }
        return parse(p);
    }

    static WitnessSettings parse(Properties p) {
        List<String> witnesses = new ArrayList<>();
        for (String w : p.getProperty("witnesses", "").split(",")) {
            if (!w.isBlank()) {
                witnesses.add(w.strip());
            }
        }
        Map<String, PeerLogKeys> keys = new LinkedHashMap<>();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            if (!name.startsWith("peer.")) {
                if (!List.of("witnesses", "threshold", "interval-seconds").contains(name)) {
                    throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " unknown setting " + name + " in " + FILE);
                }
                continue;
            }
            String rest = name.substring("peer.".length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " " + name + ": peer.<node id>.custody-key or .witness-key");
            }
            String node = rest.substring(0, dot);
            PeerLogKeys k = keys.getOrDefault(node, new PeerLogKeys(node, null, null));
            String v = p.getProperty(name).strip();
            try {
                switch (rest.substring(dot + 1)) {
                    case "custody-key" -> k = new PeerLogKeys(node, NoteVerifierKey.parse(v), k.witnessKey());
                    case "witness-key" -> k = new PeerLogKeys(node, k.logKey(), CosignerKey.parse(v));
                    default -> throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " unknown setting " + name);
                }
            } catch (CustodyException e) {
                throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " " + name + ": " + e.oneLine());
            }
            keys.put(node, k);
        }
        int threshold;
        long seconds;
        try {
            threshold = Integer.parseInt(p.getProperty("threshold", "0").strip());
            seconds = Long.parseLong(p.getProperty("interval-seconds", String.valueOf(DEFAULT_INTERVAL.toSeconds())).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WitnessError.WIT_CONFIG.code() + " threshold and interval-seconds are whole numbers");
        }
        return new WitnessSettings(witnesses, threshold, Duration.ofSeconds(seconds), keys);
    }

    /**
     * The effective threshold for {@code witnessCount} witnesses (those with a known key): the configured one, kept
     * even when fewer witnesses are known (each round then logs EEG-WIT-BELOW-THRESHOLD), else 1 when there is any.
     */
    public int thresholdFor(int witnessCount) {
        return threshold > 0 ? threshold : Math.min(1, witnessCount);
    }
}
