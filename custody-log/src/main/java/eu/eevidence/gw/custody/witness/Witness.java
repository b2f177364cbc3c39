package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The witness side of C2SP tlog-witness {@code add-checkpoint} (https://c2sp.org/tlog-witness), with no I/O but its
 * {@link State}: for each log it knows (origin to checkpoint key), it cosigns a checkpoint only when the checkpoint is
 * signed by the log, the request's old size is the size it cosigned last, and the consistency proof from there
 * verifies (RFC 6962 2.1.2). Checking and storing happen under one lock and the store is a compare-and-set, so two
 * concurrent requests can never roll the state back. Answers carry the protocol's status codes.
 */
public final class Witness {

    /** The latest checkpoint cosigned for one log. */
    public record Seen(long size, byte[] root, String note) {
        public Seen {
            root = root.clone();
        }

        @Override
        public byte[] root() {
            return root.clone();
        }
    }

    /** Durable per-log state. {@link #replace} is a compare-and-set: it fails when the stored state is not {@code expected}. */
    public interface State {
        Optional<Seen> latest(String origin) throws CustodyException;

        boolean replace(String origin, Optional<Seen> expected, Seen next) throws CustodyException;
    }

    /** Why a checkpoint was not cosigned; {@link #status()} is the tlog-witness answer. */
    public enum Refusal {
        /** The body is malformed, or the old size exceeds the checkpoint size. */
        MALFORMED(400),
        /** A checkpoint smaller than one already cosigned, signed by the log (evidence of misbehaviour). */
        ROLLBACK(409),
        /** The old size is not the size cosigned last (the client learns that size from the answer). */
        OLD_SIZE(409),
        /** The same size as the one cosigned last with another root, signed by the log: a fork (split view). */
        FORK(409),
        /** The origin is not a log this witness knows. */
        UNKNOWN_LOG(404),
        /** No signature by the log's key verifies. */
        BAD_SIGNATURE(403),
        /** The consistency proof does not verify (evidence of misbehaviour, or a bug). */
        BAD_PROOF(422);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** Whether the refused checkpoint, validly signed by the log, is itself evidence that the log misbehaved. */
        public boolean misbehaviour() {
            return this == ROLLBACK || this == FORK || this == BAD_PROOF;
        }
    }

    /**
     * The answer: on success the cosignature line(s) (status 200); on a refusal, why, the size cosigned last (for the
     * 409 body) and, when the log signed it, the refused checkpoint (kept as evidence by the caller).
     */
    public record Answer(int status, Refusal refusal, String cosignatures, long knownSize, String origin, String detail,
                         Optional<Checkpoint> checkpoint, String signedNote) {
        public boolean ok() {
            return refusal == null;
        }

        /** The text/x.tlog.size body of a 409. */
        public String sizeBody() {
            return knownSize + "\n";
        }
    }

    private final CosignerKey key;
    private final PrivateKey privateKey;
    private final Map<String, NoteVerifierKey> logs;
    private final State state;
    private final Clock clock;

    /**
     * @param logs the logs this witness cosigns: origin to the log's checkpoint key (the key name is the origin)
     */
    public Witness(CosignerKey key, PrivateKey privateKey, Map<String, NoteVerifierKey> logs, State state, Clock clock) {
        this.key = key;
        this.privateKey = privateKey;
        this.logs = Map.copyOf(logs);
        this.state = state;
        this.clock = clock;
    }

    public CosignerKey key() {
        return key;
    }

    /** Handles one {@code add-checkpoint} body. */
    public synchronized Answer add(byte[] body) throws CustodyException {
        AddCheckpoint req;
        SignedNote.Parsed note;
        Checkpoint cp;
        try {
            req = AddCheckpoint.parse(body);
            note = SignedNote.parse(req.checkpoint());
            cp = Checkpoint.parse(note.text());
        } catch (CustodyException e) {
            return refuse(Refusal.MALFORMED, -1, null, e.getMessage(), null);
        }
        NoteVerifierKey logKey = logs.get(cp.origin());
        if (logKey == null || !logKey.name().equals(cp.origin())) {
            return refuse(Refusal.UNKNOWN_LOG, -1, cp.origin(), "this witness does not know the log " + cp.origin(), null);
        }
        try {
            SignedNote.open(req.checkpoint(), List.of(logKey));
        } catch (CustodyException e) {
            return refuse(Refusal.BAD_SIGNATURE, -1, cp.origin(), e.getMessage(), null);
        }
        Optional<Seen> seen = state.latest(cp.origin());
        long known = seen.map(Seen::size).orElse(0L);
        if (req.oldSize() > cp.size()) {
            return refuse(Refusal.MALFORMED, known, cp.origin(), "old size " + req.oldSize() + " exceeds the checkpoint size " + cp.size(), null);
        }
        if (cp.size() < known) {
            return refuse(Refusal.ROLLBACK, known, "checkpoint of size " + cp.size() + " after size " + known + " was cosigned", cp, req);
        }
        if (req.oldSize() != known) {
            return refuse(Refusal.OLD_SIZE, known, cp.origin(), "the last cosigned size is " + known + ", not " + req.oldSize(), null);
        }
        if (seen.isPresent() && cp.size() == known) {
            if (!Rfc6962.same(seen.get().root(), cp.root())) {
                return refuse(Refusal.FORK, known, "a second root for size " + known + ": the log signed two different trees", cp, req);
            }
            if (!req.proof().isEmpty()) {
                return refuse(Refusal.BAD_PROOF, known, "equal sizes need an empty proof", cp, req);
            }
        } else if (seen.isEmpty() || known == 0) {
            if (!req.proof().isEmpty()) {
                return refuse(Refusal.BAD_PROOF, known, "the proof from size 0 must be empty", cp, req);
            }
        } else {
            var v = ProofVerifier.verifyConsistency(known, cp.size(), seen.get().root(), cp.root(), req.proof());
            if (!v.ok()) {
                return refuse(Refusal.BAD_PROOF, known, "size " + cp.size() + " is not an extension of cosigned size " + known + ": " + v, cp, req);
            }
        }
        if (!state.replace(cp.origin(), seen, new Seen(cp.size(), cp.root(), req.checkpoint()))) {
            Optional<Seen> now = state.latest(cp.origin());
            long size = now.map(Seen::size).orElse(0L);
            return refuse(Refusal.OLD_SIZE, size, cp.origin(), "the last cosigned size changed to " + size + " meanwhile", null);
        }
        String line = Cosignature.sign(note.text(), clock.instant().getEpochSecond(), key, privateKey);
        return new Answer(200, null, line, cp.size(), cp.origin(), "cosigned size " + cp.size(), Optional.of(cp), req.checkpoint());
    }

    private static Answer refuse(Refusal r, long known, String origin, String detail, Checkpoint evidence) {
        return new Answer(r.status(), r, null, known, origin, detail, Optional.ofNullable(evidence), null);
    }

    private static Answer refuse(Refusal r, long known, String detail, Checkpoint evidence, AddCheckpoint req) {
        return new Answer(r.status(), r, null, known, evidence.origin(), detail, Optional.of(evidence), req.checkpoint());
    }

    /** For callers that need the code of a refusal in the library's terms. */
    public static CustodyError code(Refusal r) {
        return switch (r) {
            case MALFORMED -> CustodyError.WITNESS_MALFORMED;
            case BAD_SIGNATURE, UNKNOWN_LOG -> CustodyError.NOTE_SIGNATURE;
            case BAD_PROOF -> CustodyError.PROOF_INVALID;
            case ROLLBACK, FORK, OLD_SIZE -> CustodyError.SPLIT_VIEW;
        };
    }
}
