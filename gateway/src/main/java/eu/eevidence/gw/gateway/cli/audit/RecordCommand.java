package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.audit.RecordCheck;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.tiles.LogSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Proves that an exported event record (JSON with its salt, format eeg-custody-record/1) is committed by",
                "the log entry it names, and that this entry is in the signed log (inclusion proof from the tiles).",
                "Exit: 0 committed, 1 not committed or not in the log, 2 malformed input."})
final class RecordCommand implements Callable<Integer> {

    @Mixin
    AuditInputs.LogOptions logOptions = new AuditInputs.LogOptions();

    @Option(names = "--record", required = true, paramLabel = "FILE", description = "The exported record JSON.")
    Path record;

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Override
    public Integer call() {
        NoteVerifierKey key;
        ExportedRecord rec;
        LogSource source;
        try {
            key = logOptions.key();
            rec = ExportedRecord.parse(Files.readString(record, StandardCharsets.UTF_8));
            source = logOptions.open(http);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        } catch (CustodyException e) {
            System.err.println(e.oneLine());
            return AuditCommand.MALFORMED;
        } catch (IOException e) {
            System.err.println(CustodyError.FETCH_FAILED.code() + " cannot read " + record);
            return AuditCommand.MALFORMED;
        }
        try (source) {
            RecordCheck.Result r = RecordCheck.check(source, key, rec);
            System.out.println((r.ok() ? "VALID " : "INVALID ") + r.message());
            return r.ok() ? AuditCommand.VALID : AuditCommand.INVALID;
        } catch (CustodyException e) {
            System.out.println("INVALID " + e.oneLine());
            return AuditCommand.INVALID;
        }
    }
}
