package eu.eevidence.gw.gateway.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The legal paper of a stored request, for a person to read: a cover section (request id, type, addressee, the sealed
 * file's SHA-256), then one section per field of the submitted message, its values flattened as {@code path: value}
 * lines. Generic on purpose: the sealed CMS next to the PDF stays the authoritative text.
 */
public final class LegalPapers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINES = 2000;

    private LegalPapers() {
    }

    public static DeliveryRequest.LegalPaper of(RequestRecord r, byte[] canonicalJson) throws IOException {
        JsonNode root = JSON.readTree(canonicalJson);
        List<DeliveryRequest.LegalPaper.Section> sections = new ArrayList<>();
        sections.add(new DeliveryRequest.LegalPaper.Section("Request", "Request id: " + r.id() + "\nType: " + r.messageType()
                + "\nAddressed to platform: " + r.platformId() + "\nReceived by the node: " + r.receivedAt()
                + "\nSealed request (request.p7m, CMS signed and encrypted to the platform) SHA-256: " + r.sealedSha256()
                + "\nThe sealed request is the authoritative text; this paper renders its content for reading."));
        JsonNode body = root.has("body") ? root.get("body") : root;
        for (String envelopeField : List.of("sender", "receiver")) {
            if (root.has(envelopeField) && root != body) {
                sections.add(section(title(envelopeField), root.get(envelopeField)));
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!"type".equals(f.getKey())) {
                sections.add(section(title(f.getKey()), f.getValue()));
            }
        }
        return new DeliveryRequest.LegalPaper(title(r.messageType()) + " - request " + r.id(), sections);
    }

    private static DeliveryRequest.LegalPaper.Section section(String heading, JsonNode value) {
        List<String> lines = new ArrayList<>();
        flatten("", value, lines);
        return new DeliveryRequest.LegalPaper.Section(heading, String.join("\n", lines));
    }

    private static void flatten(String path, JsonNode n, List<String> out) {
        if (out.size() >= MAX_LINES) {
            return;
        }
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(path + "[" + (i + 1) + "]", n.get(i), out);
            }
        } else {
            out.add((path.isEmpty() ? "" : path + ": ") + n.asText());
        }
    }

    /** {@code dataSought} -> {@code Data sought}; {@code EU_EPOC} -> {@code EU EPOC}. */
    static String title(String key) {
        if (key.contains("_")) {
            return key.replace('_', ' ');
        }
        StringBuilder b = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c) && b.length() > 0) {
                b.append(' ').append(Character.toLowerCase(c));
            } else {
                b.append(b.length() == 0 ? Character.toUpperCase(c) : c);
            }
        }
        return b.toString();
    }
}
