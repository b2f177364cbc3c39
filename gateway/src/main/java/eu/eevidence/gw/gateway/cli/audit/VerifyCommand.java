package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.Progress;
import eu.eevidence.gw.custody.audit.VerifyReport;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.tiles.LogSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes the whole Merkle tree from every entry of a tiled log (C2SP tlog-tiles) and checks it against",
                "the signed checkpoint; on a mismatch reports the first bad index. Works on a running node (https URL of /custody/),",
                "a directory (a node's log directory, a mirror, an unpacked archive) or a .zip archive.",
                "Exit: 0 valid, 1 invalid (first bad index printed), 2 malformed input."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    AuditInputs.LogOptions logOptions = new AuditInputs.LogOptions();

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Override
    public Integer call() {
        NoteVerifierKey key;
        LogSource source;
        try {
            key = logOptions.key();
            source = logOptions.open(http);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        }
        try (source) {
            ProgressBar bar = new ProgressBar(System.err);
            VerifyReport r = LogVerifier.verify(source, key, noProgress ? Progress.NONE : bar);
            bar.finish();
            System.out.println(r.oneLine());
            return r.ok() ? AuditCommand.VALID : AuditCommand.INVALID;
        }
    }

    /** A text progress bar on stderr, for logs of 10,000 entries or more, redrawn at most every 200 ms. */
    static final class ProgressBar implements Progress {
        private final PrintStream err;
        private long lastDraw;
        private boolean drawn;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        @Override
        public void update(long done, long total) {
            if (total < 10_000) {
                return;
            }
            long now = System.nanoTime();
            if (done < total && now - lastDraw < 200_000_000L && drawn) {
                return;
            }
            lastDraw = now;
            drawn = true;
            int width = 40;
            int filled = (int) (width * done / total);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + (100 * done / total) + "% " + done + "/" + total + " entries");
            err.flush();
        }

        void finish() {
            if (drawn) {
                err.println();
            }
        }
    }
}
