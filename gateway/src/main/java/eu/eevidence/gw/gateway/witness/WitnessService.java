package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.AddCheckpoint;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.custody.witness.Witness;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * This node as a witness of its peers' custody logs: the {@code add-checkpoint} endpoint's logic (C2SP tlog-witness)
 * over the library's {@link Witness}, for the logs whose keys the directory (or the witness configuration) lists, for
 * callers that are peer nodes (mutual TLS, a node certificate of a listed peer). A refused checkpoint that the log
 * itself signed (fork, rollback, bad consistency proof) raises an alarm: a log line {@code EEG-WIT-FORK},
 * {@code EEG-WIT-ROLLBACK} or {@code EEG-WIT-BAD-PROOF}, and a row in {@code witness_alarm} with the checkpoint as evidence.
 */
public final class WitnessService {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessService.class);

    /** The answer: status, code (null on success), content type and body (cosignature lines, the known size, or a detail). */
    public record Reply(int status, WitnessError code, String contentType, String body) {
    }

    private final WitnessStore store;
    private final CosignerKey key;
    private final PrivateKey privateKey;
    private final Supplier<Collection<PeerSpec>> peers;
    private final Supplier<Map<String, PeerLogKeys>> keys;
    private final Clock clock;

    public WitnessService(WitnessStore store, CosignerKey key, PrivateKey privateKey, Supplier<Collection<PeerSpec>> peers,
                          Supplier<Map<String, PeerLogKeys>> keys, Clock clock) {
        this.store = store;
        this.key = key;
        this.privateKey = privateKey;
        this.peers = peers;
        this.keys = keys;
        this.clock = clock;
    }

    public CosignerKey key() {
        return key;
    }

    /** Handles one add-checkpoint request of {@code caller}. Serialised: checking and storing are one step per witness. */
    public synchronized Reply addCheckpoint(ClientIdentity caller, byte[] body) {
        PeerSpec from = peerOf(caller);
        if (from == null) {
            return problem(WitnessError.WIT_NOT_PEER, "only peer nodes of the network directory submit checkpoints to this witness");
        }
        Map<String, NoteVerifierKey> logs = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (PeerLogKeys k : keys.get().values()) {
            if (k.logKey() != null) {
                logs.put(k.logKey().name(), k.logKey());
                owners.put(k.logKey().name(), k.nodeId());
            }
        }
        Witness.Answer a;
        try {
            a = new Witness(key, privateKey, logs, store, clock).add(body);
        } catch (CustodyException e) {
            LOG.error(WitnessError.WIT_UNAVAILABLE.code() + " {}", e.oneLine());
            return problem(WitnessError.WIT_UNAVAILABLE, "the witness cannot read or store its state; try again later");
        }
        if (a.ok()) {
            LOG.debug(WitnessError.WIT_COSIGNED.code() + " cosigned {} at size {} for peer {}", a.origin(), a.knownSize(), from.nodeId());
            return new Reply(200, null, "text/plain; charset=utf-8", a.cosignatures());
        }
        WitnessError code = codeOf(a.refusal());
        if (a.refusal().misbehaviour()) {
            alarm(code, owners.get(a.origin()), from, a);
        }
        if (a.status() == 409) {
            return new Reply(409, code, AddCheckpoint.SIZE_MEDIA_TYPE, a.sizeBody());
        }
        return problem(code, a.detail());
    }

    private void alarm(WitnessError code, String owner, PeerSpec from, Witness.Answer a) {
        String detail = "witnessed log " + a.origin() + " of peer " + owner + " (submitted by " + from.nodeId() + "): " + a.detail();
        LOG.error(code.code() + " ALARM {}", detail);
        try {
            store.raise(new WitnessStore.WitnessAlarm(code.code(), "witness", owner, a.origin(), detail,
                    a.signedNote(), clock.instant()));
        } catch (CustodyException e) {
            LOG.error(WitnessError.WIT_UNAVAILABLE.code() + " {}", e.getMessage());
        }
    }

    private PeerSpec peerOf(ClientIdentity caller) {
        if (caller == null || !caller.roles().contains(Role.NODE)) {
            return null;
        }
        for (PeerSpec p : peers.get()) {
            if (p.hasFingerprint(caller.fingerprint())) {
                return p;
            }
        }
        return null;
    }

    static WitnessError codeOf(Witness.Refusal r) {
        return switch (r) {
            case MALFORMED -> WitnessError.WIT_MALFORMED;
            case ROLLBACK -> WitnessError.WIT_ROLLBACK;
            case OLD_SIZE -> WitnessError.WIT_OLD_SIZE;
            case FORK -> WitnessError.WIT_FORK;
            case UNKNOWN_LOG -> WitnessError.WIT_UNKNOWN_LOG;
            case BAD_SIGNATURE -> WitnessError.WIT_BAD_SIGNATURE;
            case BAD_PROOF -> WitnessError.WIT_BAD_PROOF;
        };
    }

    private static Reply problem(WitnessError code, String detail) {
        return new Reply(code.status(), code, null, detail);
    }
}
