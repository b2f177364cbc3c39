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
                "With --checkpoint FILE the log is checked against that (cosigned) checkpoint; with a witness policy",
                "(--witness/--threshold or --witness-policy) the checkpoint must also carry enough valid cosignatures.",
                "Exit: 0 valid (and witnessed), 1 invalid (first bad index printed) or too few cosignatures, 2 malformed input."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    AuditInputs.LogOptions logOptions = new AuditInputs.LogOptions();

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Mixin
    WitnessOptions witnessOptions = new WitnessOptions();

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Check the log against this (cosigned) checkpoint instead of the one the log serves; its size must have been published.")
    java.nio.file.Path checkpoint;

    @Override
    public Integer call() {
        NoteVerifierKey key;
        LogSource source;
        eu.eevidence.gw.custody.witness.WitnessPolicy policy;
        byte[] given;
        try {
            key = logOptions.key();
            policy = witnessOptions.policy();
            given = checkpoint == null ? null : java.nio.file.Files.readAllBytes(checkpoint);
            source = logOptions.open(http);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        } catch (java.io.IOException e) {
            System.err.println(eu.eevidence.gw.custody.CustodyError.FETCH_FAILED.code() + " cannot read " + checkpoint);
            return AuditCommand.MALFORMED;
        }
        try (LogSource pinned = new PinnedCheckpoint(source, given)) {
            byte[] note = pinned.get(eu.eevidence.gw.custody.tiles.TileWriter.CHECKPOINT).orElse(null);
            ProgressBar bar = new ProgressBar(System.err);
            VerifyReport r = LogVerifier.verify(pinned, key, noProgress ? Progress.NONE : bar);
            bar.finish();
            System.out.println(r.oneLine());
            if (!r.ok()) {
                return AuditCommand.INVALID;
            }
            return WitnessOptions.report(policy, new String(note, java.nio.charset.StandardCharsets.UTF_8), System.out)
                    ? AuditCommand.VALID : AuditCommand.INVALID;
        } catch (eu.eevidence.gw.custody.CustodyException e) {
            System.out.println("INVALID " + e.oneLine());
            return AuditCommand.INVALID;
        }
    }

    /** The log source with its checkpoint read once (or replaced by the auditor's), so that the same note is verified and witnessed. */
    static final class PinnedCheckpoint implements LogSource {
        private final LogSource source;
        private byte[] checkpoint;

        PinnedCheckpoint(LogSource source, byte[] checkpoint) {
            this.source = source;
            this.checkpoint = checkpoint;
        }

        @Override
        public java.util.Optional<byte[]> get(String path) throws eu.eevidence.gw.custody.CustodyException {
            if (!eu.eevidence.gw.custody.tiles.TileWriter.CHECKPOINT.equals(path)) {
                return source.get(path);
            }
            if (checkpoint == null) {
                checkpoint = source.get(path).orElse(null);
            }
            return java.util.Optional.ofNullable(checkpoint);
        }

        @Override
        public String describe() {
            return source.describe();
        }

        @Override
        public void close() {
            source.close();
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
