package eu.eevidence.gw.gateway.cli.audit;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "records", mixinStandardHelpOptions = true,
        description = {"Downloads a request's custody records from a node (GET /api/v1/custody/requests/{id}; role AUDITOR or the",
                "submitting certificate): each record with its salt, log entry and inclusion proof against the latest checkpoint.",
                "Check the file offline with `audit record --records FILE --vkey VKEY`. The export is itself a custody event.",
                "Exit: 0 saved, 1 refused by the node, 2 malformed input."})
final class RecordsCommand implements Callable<Integer> {

    @Option(names = "--node", required = true, paramLabel = "URL", description = "The node's base URL, e.g. https://node.example:8443")
    String node;

    @Option(names = "--request", required = true, paramLabel = "ID", description = "The request id (REQ-...).")
    String request;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to save the records (JSON).")
    Path out;

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Override
    public Integer call() {
        return NodeDownload.save(http, node, "/api/v1/custody/requests/" + request, "application/json", out);
    }
}
