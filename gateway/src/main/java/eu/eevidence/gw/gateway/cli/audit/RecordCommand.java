package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.audit.RecordCheck;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.tiles.LogSource;
import eu.eevidence.gw.gateway.bundle.BundleVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Proves that an exported event record (JSON with its salt, format eeg-custody-record/1) is committed by",
                "the log entry it names, and that this entry is in the signed log (inclusion proof from the tiles: --log, --record).",
                "Or, offline, checks a request's records as exported by the node (--records FILE, from `audit records` or a bundle's",
                "custody.json): the checkpoint they carry, its cosignatures (with a witness policy, --witness/--threshold or",
                "--witness-policy: which witnesses cosigned, FAIL below the threshold), and each record's commitment and inclusion proof.",
                "Exit: 0 committed, 1 not committed or not in the log, 2 malformed input."})
final class RecordCommand implements Callable<Integer> {

    @Option(names = "--log", paramLabel = "URL_OR_DIR", description = "https://node/custody/, a directory, or a .zip archive (with --record).")
    String log;

    @Option(names = "--vkey", required = true, paramLabel = "VKEY", description = "The node's note verifier key (name+keyid+key), or a file holding it.")
    String vkey;

    @Option(names = "--record", paramLabel = "FILE", description = "The exported record JSON (with --log).")
    Path record;

    @Option(names = "--records", paramLabel = "FILE", description = "A request's exported records with their proofs and checkpoint (offline).")
    Path records;

    @picocli.CommandLine.Mixin
    WitnessOptions witnessOptions = new WitnessOptions();

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Override
    public Integer call() {
        if ((record == null) == (records == null) || (record != null && log == null)) {
            System.err.println(CustodyError.FETCH_FAILED.code() + " give either --log and --record, or --records");
            return AuditCommand.MALFORMED;
        }
        return records != null ? offline() : online();
    }

    private Integer offline() {
        NoteVerifierKey key;
        byte[] json;
        eu.eevidence.gw.custody.witness.WitnessPolicy policy;
        try {
            key = AuditInputs.vkey(vkey);
            policy = witnessOptions.policy();
            json = Files.readAllBytes(records);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        } catch (IOException e) {
            System.err.println(CustodyError.FETCH_FAILED.code() + " cannot read " + records);
            return AuditCommand.MALFORMED;
        }
        BundleVerifier.Report r = BundleVerifier.verifyRecords(json, key, policy);
        r.checks().forEach(c -> System.out.println(c.line()));
        return BundleVerifyCommand.verdict(r);
    }

    private Integer online() {
        NoteVerifierKey key;
        ExportedRecord rec;
        LogSource source;
        try {
            key = AuditInputs.vkey(vkey);
            rec = ExportedRecord.parse(Files.readString(record, StandardCharsets.UTF_8));
            source = AuditInputs.source(log, http);
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
