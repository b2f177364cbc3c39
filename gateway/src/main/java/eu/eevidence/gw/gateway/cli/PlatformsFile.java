package eu.eevidence.gw.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import eu.eevidence.gw.gateway.channel.ChannelError;

/**
 * Reads the platforms file:
 * <pre>{"platforms": [{"id": "acme", "adapter": "json-portal", "endpoint": "https://portal.acme.example/",
 *   "encryptionCertificate": "acme-enc.pem", "tlsTrust": "acme-ca.pem",
 *   "settings": {"oauth2.clientId": "eeg-at", "oauth2.clientSecretFile": "acme-secret"}}]}</pre>
 * Relative paths are resolved against the file's directory. {@code tlsTrust} and {@code settings} are optional.
 * {@code settings} is a flat object of strings handed to the adapter as {@code Destination.settings} (docs/design/adapters.md,
 * "Settings"); values may be secrets and are never logged. A setting whose key ends in {@code File} and whose value is a
 * relative path is resolved against the file's directory. Anything but a flat string object is refused with
 * {@code EEG-CHN-BAD-SETTINGS}.
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
                throw new IllegalArgumentException(CliError.CFG_007.code() + " platform " + id + ": the endpoint must be https");
            }
            X509Certificate enc = Certificates.readPem(base.resolve(required(p, "encryptionCertificate"))).get(0);
            List<X509Certificate> trust = p.has("tlsTrust") ? Certificates.readPem(base.resolve(p.get("tlsTrust").asText())) : List.of();
            out.add(new PlatformSpec(id, p.path("adapter").asText("json-portal"), endpoint, enc, trust, settings(id, p.get("settings"), base)));
        }
        return out;
    }

    static Map<String, String> settings(String id, JsonNode node, Path base) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(ChannelError.CHN_BAD_SETTINGS.code() + " platform " + id + ": 'settings' must be an object of strings");
        }
        Map<String, String> out = new TreeMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().isTextual() && !e.getValue().isNumber() && !e.getValue().isBoolean()) {
                // the value is not echoed: it may be a secret
                throw new IllegalArgumentException(ChannelError.CHN_BAD_SETTINGS.code() + " platform " + id + ": setting '" + e.getKey()
                        + "' must be a string");
            }
            String value = e.getValue().asText();
            if (e.getKey().endsWith("File") && !value.isBlank() && !Path.of(value).isAbsolute()) {
                value = base.resolve(value).toString();
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(CliError.CFG_008.code() + " platforms file: '" + field + "' is required for every platform");
        }
        return v.asText();
    }
}
