package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.custody.witness.WitnessPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The auditor's witness policy (ADR-0028): {@code --witness VKEY} (repeatable; the cosigner key, or a file holding it)
 * with {@code --threshold K} (default: all of them), or {@code --witness-policy FILE} ({@code witness <vkey>} lines and
 * one {@code threshold <k>} line). Without either, no witness is required.
 */
final class WitnessOptions {

    @Option(names = "--witness", paramLabel = "VKEY", description = "A witness's cosigner key (or a file holding it); repeat for each witness.")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "K", description = "How many of the --witness keys must have cosigned (default: all).")
    Integer threshold;

    @Option(names = "--witness-policy", paramLabel = "FILE", description = "A policy file: 'witness <vkey>' lines and a 'threshold <k>' line.")
    Path policyFile;

    /** The policy, or null when none is given. */
    WitnessPolicy policy() throws AuditInputs.Malformed {
        try {
            if (policyFile != null) {
                if (!witnesses.isEmpty() || threshold != null) {
                    throw new AuditInputs.Malformed(CustodyError.WITNESS_MALFORMED.code() + " give --witness-policy or --witness/--threshold, not both");
                }
                return WitnessPolicy.parse(Files.readString(policyFile, StandardCharsets.UTF_8));
            }
            if (witnesses.isEmpty()) {
                if (threshold != null) {
                    throw new AuditInputs.Malformed(CustodyError.WITNESS_MALFORMED.code() + " --threshold needs --witness keys");
                }
                return null;
            }
            List<CosignerKey> keys = new ArrayList<>();
            for (String w : witnesses) {
                keys.add(CosignerKey.parse(readKey(w)));
            }
            return WitnessPolicy.of(keys, threshold == null ? keys.size() : threshold);
        } catch (CustodyException e) {
            throw new AuditInputs.Malformed(e.oneLine());
        } catch (IOException e) {
            throw new AuditInputs.Malformed(CustodyError.WITNESS_MALFORMED.code() + " cannot read " + policyFile);
        }
    }

    private static String readKey(String vkeyOrFile) throws IOException {
        if (!vkeyOrFile.contains("+")) {
            Path p = Path.of(vkeyOrFile);
            if (Files.isRegularFile(p)) {
                return Files.readString(p, StandardCharsets.UTF_8).strip();
            }
        }
        return vkeyOrFile;
    }

    /**
     * Prints which witnesses cosigned {@code signedNote}; true when the policy is met (or there is none). A note
     * that cannot be parsed counts as not met.
     */
    static boolean report(WitnessPolicy policy, String signedNote, PrintStream out) {
        if (policy == null) {
            return true;
        }
        try {
            WitnessPolicy.Check c = policy.check(signedNote);
            out.println((c.satisfied() ? "WITNESSED " : "INVALID " + CustodyError.COSIGNATURE_INVALID.code() + " ") + c.summary());
            return c.satisfied();
        } catch (CustodyException e) {
            out.println("INVALID " + e.oneLine());
            return false;
        }
    }
}
