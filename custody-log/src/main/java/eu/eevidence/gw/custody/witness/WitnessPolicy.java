package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.SignedNote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which witnesses an auditor (or a log) trusts and how many of them must have cosigned a checkpoint: "k of n".
 * Text form (a policy file): one {@code witness <vkey>} line per witness and one {@code threshold <k>} line; blank
 * lines and lines starting with {@code #} are ignored.
 */
public record WitnessPolicy(List<CosignerKey> witnesses, int threshold) {

    public WitnessPolicy {
        witnesses = List.copyOf(witnesses);
    }

    /** A cosignature that verified. */
    public record Cosigned(CosignerKey witness, long time) {
    }

    /**
     * The result of checking a note's cosignatures: who cosigned (verified), who did not, whose line failed, and
     * whether the threshold is met.
     */
    public record Check(List<Cosigned> cosigned, List<CosignerKey> missing, List<String> failed, int threshold) {
        public boolean satisfied() {
            return cosigned.size() >= threshold && failed.isEmpty();
        }

        public String summary() {
            StringBuilder b = new StringBuilder().append(cosigned.size()).append(" of ").append(cosigned.size() + missing.size())
                    .append(" witnesses cosigned (threshold ").append(threshold).append(")");
            for (Cosigned c : cosigned) {
                b.append("\n  cosigned ").append(c.witness().name()).append(" at ").append(java.time.Instant.ofEpochSecond(c.time()));
            }
            for (CosignerKey k : missing) {
                b.append("\n  missing  ").append(k.name());
            }
            for (String f : failed) {
                b.append("\n  FAILED   ").append(f);
            }
            return b.toString();
        }
    }

    /** Builds a policy; the threshold must be between 1 and the number of witnesses, witnesses distinct. */
    public static WitnessPolicy of(List<CosignerKey> witnesses, int threshold) throws CustodyException {
        if (witnesses.isEmpty()) {
            throw new CustodyException(CustodyError.WITNESS_MALFORMED, "a witness policy names at least one witness");
        }
        if (new LinkedHashSet<>(witnesses.stream().map(CosignerKey::name).toList()).size() != witnesses.size()) {
            throw new CustodyException(CustodyError.WITNESS_MALFORMED, "a witness policy names each witness once");
        }
        if (threshold < 1 || threshold > witnesses.size()) {
            throw new CustodyException(CustodyError.WITNESS_MALFORMED, "the threshold must be between 1 and " + witnesses.size() + ", not " + threshold);
        }
        return new WitnessPolicy(witnesses, threshold);
    }

    /** Parses the policy file text (see the class comment). */
    public static WitnessPolicy parse(String text) throws CustodyException {
        List<CosignerKey> keys = new ArrayList<>();
        Integer threshold = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("witness ")) {
                keys.add(CosignerKey.parse(line.substring("witness ".length())));
            } else if (line.startsWith("threshold ") && threshold == null) {
                try {
                    threshold = Integer.parseInt(line.substring("threshold ".length()).strip());
                } catch (NumberFormatException e) {
                    throw new CustodyException(CustodyError.WITNESS_MALFORMED, "the threshold is a small decimal number");
                }
            } else {
                throw new CustodyException(CustodyError.WITNESS_MALFORMED, "a policy line is 'witness <vkey>' or 'threshold <k>' (once)");
            }
        }
        return of(keys, threshold == null ? keys.size() : threshold);
    }

    /** Checks the cosignatures on a signed checkpoint note (its signatures by the log are not looked at here). */
    public Check check(String signedNote) throws CustodyException {
        SignedNote.Parsed p = SignedNote.parse(signedNote);
        List<Cosigned> cosigned = new ArrayList<>();
        List<CosignerKey> missing = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (CosignerKey k : witnesses) {
            OptionalLong time = OptionalLong.empty();
            for (SignedNote.Signature s : p.signatures()) {
                try {
                    OptionalLong t = Cosignature.verify(p.text(), s, k);
                    if (t.isPresent()) {
                        time = t;
                    }
                } catch (CustodyException e) {
                    failed.add(k.name() + ": " + e.getMessage());
                }
            }
            if (time.isPresent()) {
                cosigned.add(new Cosigned(k, time.getAsLong()));
            } else {
                missing.add(k);
            }
        }
        return new Check(cosigned, missing, failed, threshold);
    }
}
