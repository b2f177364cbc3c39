package eu.eevidence.gw.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.node.PlatformSpec;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the platforms file:
 * <pre>{"platforms": [{"id": "acme", "adapter": "json-portal", "endpoint": "https://portal.acme.example/",
 *   "encryptionCertificate": "acme-enc.pem", "tlsTrust": "acme-ca.pem"}]}</pre>
 * Relative paths are resolved against the file's directory. {@code tlsTrust} is optional.
 */
final class PlatformsFile {
    private PlatformsFile() {
    }

    static List<PlatformSpec> read(Path file) throws IOException, PkiException {
        JsonNode root = JsonCodec.strictMapper().readTree(file.toFile());
        Path base = file.toAbsolutePath().getParent();
        List<PlatformSpec> out = new ArrayList<>();
        for (JsonNode p : root.path("platforms")) {
            String id = required(p, "id");
            URI endpoint = URI.create(required(p, "endpoint"));
            if (!"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("EEG-CFG-007 platform " + id + ": the endpoint must be https");
            }
            X509Certificate enc = Certificates.readPem(base.resolve(required(p, "encryptionCertificate"))).get(0);
            List<X509Certificate> trust = p.has("tlsTrust") ? Certificates.readPem(base.resolve(p.get("tlsTrust").asText())) : List.of();
            out.add(new PlatformSpec(id, p.path("adapter").asText("json-portal"), endpoint, enc, trust));
        }
        return out;
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("EEG-CFG-008 platforms file: '" + field + "' is required for every platform");
        }
        return v.asText();
    }
}
