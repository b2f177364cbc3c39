package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>witness</code> (ADR-0028), documented in docs/errors.md and
 * checked there by ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum WitnessError implements ErrorCode {
    WIT_MALFORMED("EEG-WIT-MALFORMED", 400, "Malformed add-checkpoint request"),
    WIT_NOT_PEER("EEG-WIT-NOT-PEER", 403, "Not a peer node"),
    WIT_BAD_SIGNATURE("EEG-WIT-BAD-SIGNATURE", 403, "Checkpoint not signed by the log"),
    WIT_UNKNOWN_LOG("EEG-WIT-UNKNOWN-LOG", 404, "Unknown log"),
    WIT_OLD_SIZE("EEG-WIT-OLD-SIZE", 409, "Old size is not the last cosigned size"),
    WIT_FORK("EEG-WIT-FORK", 409, "Fork: two checkpoints of one size"),
    WIT_ROLLBACK("EEG-WIT-ROLLBACK", 409, "Rollback: a smaller checkpoint after a larger one"),
    WIT_BAD_PROOF("EEG-WIT-BAD-PROOF", 422, "Consistency proof does not verify"),
    WIT_UNAVAILABLE("EEG-WIT-UNAVAILABLE", 503, "Witness unavailable"),
    WIT_READY("EEG-WIT-READY", 0, "Witnessing ready"),
    WIT_COSIGNED("EEG-WIT-COSIGNED", 0, "Checkpoint cosigned"),
    WIT_REFUSED("EEG-WIT-REFUSED", 0, "A witness refused this node's checkpoint"),
    WIT_UNREACHABLE("EEG-WIT-UNREACHABLE", 0, "A witness could not be reached"),
    WIT_BELOW_THRESHOLD("EEG-WIT-BELOW-THRESHOLD", 0, "Fewer cosignatures than the policy's threshold"),
    WIT_CONFIG("EEG-WIT-CONFIG", 0, "Witness configuration invalid");

    private final Spec spec;

    WitnessError(String code, int status, String title) {
        this.spec = new Spec(code, status, title, null);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.code();
    }
}
