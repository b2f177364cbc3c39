package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {"Checks a signed checkpoint (C2SP tlog-checkpoint in a C2SP signed-note) against the node's verifier key",
                "and prints its origin, size and root; with a witness policy (--witness/--threshold or --witness-policy) also which",
                "witnesses cosigned it. Exit: 0 valid (and witnessed), 1 bad or missing signature or too few cosignatures, 2 malformed input."})
final class CheckpointCommand implements Callable<Integer> {

    @Option(names = "--vkey", required = true, paramLabel = "VKEY", description = "The node's note verifier key, or a file holding it.")
    String vkey;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The signed checkpoint file.")
    Path in;

    @picocli.CommandLine.Mixin
    WitnessOptions witnessOptions = new WitnessOptions();

    @Override
    public Integer call() {
        NoteVerifierKey key;
        String note;
        eu.eevidence.gw.custody.witness.WitnessPolicy policy;
        try {
            key = AuditInputs.vkey(vkey);
            policy = witnessOptions.policy();
            note = SignedNote.utf8(Files.readAllBytes(in));
            SignedNote.parse(note);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        } catch (CustodyException e) {
            System.err.println(e.oneLine());
            return AuditCommand.MALFORMED;
        } catch (IOException e) {
            System.err.println(CustodyError.FETCH_FAILED.code() + " cannot read " + in);
            return AuditCommand.MALFORMED;
        }
        try {
            Checkpoint c = Checkpoint.open(note, key);
            System.out.println("VALID origin=" + c.origin() + " size=" + c.size() + " root=" + Base64.getEncoder().encodeToString(c.root()));
            return WitnessOptions.report(policy, note, System.out) ? AuditCommand.VALID : AuditCommand.INVALID;
        } catch (CustodyException e) {
            System.out.println("INVALID " + e.oneLine());
            return e.error() == CustodyError.NOTE_SIGNATURE ? AuditCommand.INVALID : AuditCommand.MALFORMED;
        }
    }
}
