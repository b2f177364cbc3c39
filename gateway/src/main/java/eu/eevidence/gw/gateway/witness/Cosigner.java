package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.witness.AddCheckpoint;
import eu.eevidence.gw.custody.witness.CosignedCheckpoint;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The log side of witnessing: sends this node's latest signed checkpoint, with a consistency proof from the size each
 * witness cosigned last, to the witnesses its policy names (C2SP tlog-witness {@code add-checkpoint}), keeps the
 * cosignatures that verify against the witness keys, and publishes them appended to {@code /custody/checkpoint}. A
 * witness's last size is learnt from its 409 answer (text/x.tlog.size) and kept in memory. A refusal of this node's own
 * checkpoint is an alarm ({@code EEG-WIT-REFUSED}: a fork or rollback signed with this node's key, or lost entries).
 */
public final class Cosigner {

    private static final Logger LOG = LoggerFactory.getLogger(Cosigner.class);
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What one witness answered in a round. */
    public record Outcome(String nodeId, boolean cosigned, int status, String detail) {
    }

    /** One round: the checkpoint size, each witness's outcome, the threshold, and how long the round took. */
    public record Round(long size, List<Outcome> outcomes, int threshold, Duration took, String published) {
        public long cosignatures() {
            return outcomes.stream().filter(Outcome::cosigned).count();
        }

        public boolean satisfied() {
            return cosignatures() >= threshold;
        }
    }

    private final CustodyLog log;
    private final WitnessStore store;
    private final Supplier<Collection<PeerSpec>> peers;
    private final Supplier<Map<String, PeerLogKeys>> keys;
    private final WitnessSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Long> lastKnown = new ConcurrentHashMap<>();

    public Cosigner(CustodyLog log, WitnessStore store, Supplier<Collection<PeerSpec>> peers, Supplier<Map<String, PeerLogKeys>> keys,
                    WitnessSettings settings, HttpClient http, Clock clock) {
        this.log = log;
        this.store = store;
        this.peers = peers;
        this.keys = keys;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** The witnesses of the policy: the named peers (default: every peer) that have a witness key. */
    public List<Witnessing> witnesses() {
        Map<String, PeerLogKeys> k = keys.get();
        List<Witnessing> out = new ArrayList<>();
        for (PeerSpec p : peers.get()) {
            PeerLogKeys pk = k.get(p.nodeId());
            if ((settings.witnesses().isEmpty() || settings.witnesses().contains(p.nodeId())) && pk != null && pk.witnessKey() != null) {
                out.add(new Witnessing(p, pk.witnessKey()));
            }
        }
        return out;
    }

    /** A witness: the peer and its cosigner key. */
    public record Witnessing(PeerSpec peer, CosignerKey key) {
    }

    /** One round now, on the checkpoint currently published. */
    public synchronized Round cosignNow() throws CustodyException {
        long start = System.nanoTime();
        String note = log.checkpoint().orElseThrow(() -> new CustodyException(eu.eevidence.gw.custody.CustodyError.FETCH_FAILED,
                "nothing published yet"));
        List<Witnessing> witnesses = witnesses();
        int threshold = settings.thresholdFor(witnesses.size());
        List<Outcome> outcomes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Witnessing w : witnesses) {
            outcomes.add(submit(w, note, lines));
        }
        String published = lines.isEmpty() ? note : log.addCosignatures(note, lines).orElse(note);
        Round r = new Round(Checkpoint.parse(SignedNote.parse(note).text()).size(), outcomes, threshold, Duration.ofNanos(System.nanoTime() - start),
                published);
        if (!witnesses.isEmpty() && !r.satisfied()) {
            LOG.warn(WitnessError.WIT_BELOW_THRESHOLD.code() + " checkpoint of size {} cosigned by {} of {} witnesses (threshold {})", r.size(),
                    r.cosignatures(), witnesses.size(), threshold);
        }
        return r;
    }

    /**
     * Submits {@code signedNote} to one witness (also used by tests to submit a forged note through this node's client);
     * verified cosignature lines are added to {@code lines}.
     */
    public Outcome submit(Witnessing w, String signedNote, List<String> lines) throws CustodyException {
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(signedNote).text());
        long old = Math.min(lastKnown.getOrDefault(w.peer().nodeId(), 0L), cp.size());
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> res;
            try {
                res = post(w, new AddCheckpoint(old, old == 0 || old == cp.size() ? List.of() : log.storage().consistencyProof(old, cp.size()),
                        signedNote));
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.warn(WitnessError.WIT_UNREACHABLE.code() + " witness {}: {}", w.peer().nodeId(), why);
                return new Outcome(w.peer().nodeId(), false, 0, "unreachable: " + why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(w.peer().nodeId(), false, 0, "interrupted");
            }
            if (res.statusCode() == 200) {
                lines.addAll(CosignedCheckpoint.accept(signedNote, res.body(), w.key()));
                lastKnown.put(w.peer().nodeId(), cp.size());
                return new Outcome(w.peer().nodeId(), true, 200, "cosigned size " + cp.size());
            }
            if (res.statusCode() == 409 && res.headers().firstValue("Content-Type").orElse("").startsWith(AddCheckpoint.SIZE_MEDIA_TYPE)) {
                long known = CosignedCheckpoint.knownSize(res.body());
                if (known != old && known <= cp.size()) {
                    lastKnown.put(w.peer().nodeId(), known);
                    old = known;
                    continue;
                }
                return refused(w, cp, 409, known > cp.size()
                        ? "the witness cosigned size " + known + " of this node's log, larger than this checkpoint's " + cp.size()
                        : "the witness holds another checkpoint of size " + known + " (a second tree signed with this node's key)");
            }
            return refused(w, cp, res.statusCode(), res.body());
        }
        return refused(w, cp, 409, "the witness's last size kept changing");
    }

    private Outcome refused(Witnessing w, Checkpoint cp, int status, String why) {
        String detail = "witness " + w.peer().nodeId() + " refused checkpoint " + cp + " with " + status + ": " + oneLine(why);
        LOG.error(WitnessError.WIT_REFUSED.code() + " ALARM {}", detail);
        try {
            store.raise(new WitnessStore.WitnessAlarm(WitnessError.WIT_REFUSED.code(), "log", w.peer().nodeId(), cp.origin(), detail, null, clock.instant()));
        } catch (CustodyException e) {
            LOG.error(WitnessError.WIT_UNAVAILABLE.code() + " {}", e.getMessage());
        }
        return new Outcome(w.peer().nodeId(), false, status, detail);
    }

    private HttpResponse<String> post(Witnessing w, AddCheckpoint req) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(WitnessProtocol.addCheckpoint(w.peer().endpoint())).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.encode())).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replace('\n', ' ').strip();
        return t.length() > 300 ? t.substring(0, 300) : t;
    }
}
