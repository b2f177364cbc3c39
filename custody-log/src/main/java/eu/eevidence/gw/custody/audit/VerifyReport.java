package eu.eevidence.gw.custody.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.note.Checkpoint;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of a full log verification: valid, or the first bad index (the leftmost entry that differs from what the
 * signed checkpoint commits to, or the first missing one) with a stable code and a one-line reason.
 */
public record VerifyReport(boolean ok, Optional<Checkpoint> checkpoint, OptionalLong firstBadIndex, CustodyError code, String message) {

    static VerifyReport valid(Checkpoint cp) {
        return new VerifyReport(true, Optional.of(cp), OptionalLong.empty(), null, "log of " + cp.size() + " entries matches its signed checkpoint");
    }

    static VerifyReport bad(Checkpoint cp, long index, CustodyError code, String message) {
        return new VerifyReport(false, Optional.ofNullable(cp), index < 0 ? OptionalLong.empty() : OptionalLong.of(index), code, message);
    }

    public String oneLine() {
        if (ok) {
            return "OK " + message;
        }
        return "INVALID " + code.code() + (firstBadIndex.isPresent() ? " first bad index " + firstBadIndex.getAsLong() + ": " : " ") + message;
    }
}
