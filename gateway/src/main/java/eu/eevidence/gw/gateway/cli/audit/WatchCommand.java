package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.audit.Watcher;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.tiles.LogSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Monitor step (run it from cron): fetches the latest signed checkpoint, checks with a consistency proof",
                "computed from the tiles that it extends the last one seen, and records it in the state file.",
                "With a witness policy (--witness/--threshold or --witness-policy) it also reports which witnesses cosigned it.",
                "Exit: 0 consistent (or first run) and witnessed, 1 split view, rollback, inconsistent history or too few cosignatures,",
                "2 malformed input or unreachable."})
final class WatchCommand implements Callable<Integer> {

    @Mixin
    AuditInputs.LogOptions logOptions = new AuditInputs.LogOptions();

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "Where the last seen checkpoint is kept.")
    Path state;

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Mixin
    WitnessOptions witnessOptions = new WitnessOptions();

    @Override
    public Integer call() {
        NoteVerifierKey key;
        LogSource source;
        eu.eevidence.gw.custody.witness.WitnessPolicy policy;
        try {
            key = logOptions.key();
            policy = witnessOptions.policy();
            source = logOptions.open(http);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        }
        try (source) {
            Watcher.Result r = Watcher.check(source, key, state);
            System.out.println((r.ok() ? "OK " : "ALARM ") + r.message());
            if (!r.ok()) {
                return AuditCommand.INVALID;
            }
            // the state file now holds exactly the checkpoint note that was checked
            String seen = java.nio.file.Files.readString(state, java.nio.charset.StandardCharsets.UTF_8);
            return WitnessOptions.report(policy, seen, System.out) ? AuditCommand.VALID : AuditCommand.INVALID;
        } catch (java.io.IOException e) {
            System.out.println("ERROR " + CustodyError.STORAGE_IO.code() + " cannot read state " + state);
            return AuditCommand.MALFORMED;
        } catch (CustodyException e) {
            System.out.println("ERROR " + e.oneLine());
            return e.error() == CustodyError.NOTE_SIGNATURE || e.error() == CustodyError.PROOF_INVALID || e.error() == CustodyError.TILE_MALFORMED
                    ? AuditCommand.INVALID : AuditCommand.MALFORMED;
        }
    }
}
