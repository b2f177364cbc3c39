package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.gateway.cli.CliError;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One authenticated GET from a node's API to a file, for the export commands. */
final class NodeDownload {

    private NodeDownload() {
    }

    static int save(AuditInputs.HttpOptions http, String node, String path, String accept, Path out) {
        HttpClient client;
        URI uri;
        try {
            client = http.client();
            uri = URI.create(node.replaceAll("/+$", "") + path);
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        } catch (IllegalArgumentException e) {
            System.err.println(CliError.CLI_USAGE.code() + " not a URL: " + node);
            return AuditCommand.MALFORMED;
        }
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Accept", accept).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                System.out.println("REFUSED " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                return AuditCommand.INVALID;
            }
            Files.write(out, r.body());
            System.out.println("SAVED " + out + " (" + r.body().length + " bytes)");
            return AuditCommand.VALID;
        } catch (IOException e) {
            System.err.println(CliError.CLI_IO.code() + " cannot fetch " + uri + " or write " + out + ": " + e.getMessage());
            return AuditCommand.MALFORMED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuditCommand.MALFORMED;
        }
    }
}
