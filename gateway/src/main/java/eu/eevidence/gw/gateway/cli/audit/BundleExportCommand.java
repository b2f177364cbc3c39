package eu.eevidence.gw.gateway.cli.audit;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Downloads a request's court bundle from a node (GET /api/v1/custody/requests/{id}/bundle; role AUDITOR or the",
                "submitting certificate). The export is itself a custody event. Exit: 0 saved, 1 refused by the node, 2 malformed input."})
final class BundleExportCommand implements Callable<Integer> {

    @Option(names = "--node", required = true, paramLabel = "URL", description = "The node's base URL, e.g. https://node.example:8443")
    String node;

    @Option(names = "--request", required = true, paramLabel = "ID", description = "The request id (REQ-...).")
    String request;

    @Option(names = "--items", description = "Include the evidence items' bytes (submitter only; else they are listed with their SHA-256).")
    boolean items;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to save the bundle.")
    Path out;

    @ArgGroup(exclusive = false)
    AuditInputs.HttpOptions http = new AuditInputs.HttpOptions();

    @Override
    public Integer call() {
        return NodeDownload.save(http, node, "/api/v1/custody/requests/" + request + "/bundle" + (items ? "?items=true" : ""),
                "application/zip", out);
    }
}
