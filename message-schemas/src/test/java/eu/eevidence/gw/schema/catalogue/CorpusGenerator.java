package eu.eevidence.gw.schema.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regenerates the corpus from valid.json and invalid.cases of each type: valid.xml (canonical XML of the
 * valid sample) and invalid-&lt;name&gt;.json / .xml with their .expected sidecars. Run only on purpose:
 * {@code mvn -pl message-schemas test -Dtest=CorpusGenerator -Deeg.regenerateCorpus=true}; review the diff.
 */
class CorpusGenerator {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SEGMENT = Pattern.compile("^([A-Za-z0-9]+)(?:\\[(\\d+)])?$");

    @Test
    void regenerate() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("eeg.regenerateCorpus"), "set -Deeg.regenerateCorpus=true to regenerate");
        MessageCatalogue catalogue = new MessageCatalogue();
        for (MessageType type : MessageType.values()) {
            Path dir = Corpus.dir(type);
            try (var old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("invalid-")).toList()) {
                    Files.delete(p);
                }
            }
            byte[] validJson = Files.readAllBytes(dir.resolve("valid.json"));
            Decoded decoded = catalogue.decodeJson(validJson);
            if (!(decoded instanceof Decoded.Valid valid)) {
                throw new AssertionError(type + " valid.json is invalid: " + decoded);
            }
            Envelope envelope = valid.envelope();
            byte[] validXml = catalogue.encodeXml(envelope);
            Files.write(dir.resolve("valid.xml"), validXml);
            for (String line : Files.readAllLines(dir.resolve("invalid.cases"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s*\\|\\s*", -1);
                String name = f[0].strip();
                String op = f[1];
                String path = f[2];
                String value = f[3];
                String jsonExpect = f[4];
                String xmlExpect = f[5].equals("=") ? jsonExpect : f[5];
                if (!jsonExpect.equals("-")) {
                    JsonNode tree = MAPPER.readTree(validJson);
                    mutateJson(tree, op, path, value);
                    Path out = dir.resolve("invalid-" + name + ".json");
                    Files.write(out, MAPPER.writeValueAsBytes(tree));
                    Files.writeString(out.resolveSibling(out.getFileName() + ".expected"), sidecar(jsonExpect));
                }
                if (!xmlExpect.equals("-")) {
                    Path out = dir.resolve("invalid-" + name + ".xml");
                    Files.write(out, mutateXml(validXml, op, path, value));
                    Files.writeString(out.resolveSibling(out.getFileName() + ".expected"), sidecar(xmlExpect));
                }
            }
        }
    }

    private static String sidecar(String expect) {
        StringBuilder sb = new StringBuilder("# path code (one per line; * = any path)\n");
        for (String part : expect.split(";")) {
            sb.append(part.strip()).append('\n');
        }
        return sb.toString();
    }

    private static void mutateJson(JsonNode root, String op, String path, String value) throws Exception {
        String[] segs = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < segs.length - 1; i++) {
            parent = step(parent, segs[i]);
        }
        Matcher m = SEGMENT.matcher(segs[segs.length - 1]);
        if (!m.matches()) {
            throw new IllegalArgumentException(path);
        }
        String field = m.group(1);
        JsonNode literal = value.isEmpty() ? null : MAPPER.readTree(value);
        if (m.group(2) != null) {
            ArrayNode array = (ArrayNode) parent.get(field);
            int index = Integer.parseInt(m.group(2));
            switch (op) {
                case "set" -> array.set(index, literal);
                case "remove" -> array.remove(index);
                default -> throw new IllegalArgumentException(op);
            }
            return;
        }
        ObjectNode obj = (ObjectNode) parent;
        switch (op) {
            case "set", "add" -> obj.set(field, literal);
            case "remove" -> obj.remove(field);
            default -> throw new IllegalArgumentException(op);
        }
    }

    private static JsonNode step(JsonNode node, String seg) {
        Matcher m = SEGMENT.matcher(seg);
        if (!m.matches()) {
            throw new IllegalArgumentException(seg);
        }
        JsonNode next = node.get(m.group(1));
        return m.group(2) == null ? next : next.get(Integer.parseInt(m.group(2)));
    }

    private static byte[] mutateXml(byte[] xml, String op, String path, String value) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        String[] segs = path.split("\\.");
        Element parent = doc.getDocumentElement();
        for (int i = 0; i < segs.length - 1; i++) {
            parent = xmlStep(parent, segs[i]);
        }
        Matcher m = SEGMENT.matcher(segs[segs.length - 1]);
        if (!m.matches()) {
            throw new IllegalArgumentException(path);
        }
        String name = m.group(1);
        String text = value.isEmpty() ? null : MAPPER.readTree(value).asText();
        List<Element> matches = children(parent, name);
        switch (op) {
            case "remove" -> {
                if (m.group(2) != null) {
                    parent.removeChild(matches.get(Integer.parseInt(m.group(2))));
                } else {
                    matches.forEach(parent::removeChild);
                }
            }
            case "set" -> matches.get(m.group(2) == null ? 0 : Integer.parseInt(m.group(2))).setTextContent(text);
            case "add" -> {
                Element added = doc.createElementNS(Envelope.NAMESPACE, name);
                added.setTextContent(text);
                parent.appendChild(added);
            }
            case "rename" -> {
                Element body = matches.get(0);
                Element inner = firstElement(body);
                doc.renameNode(inner, Envelope.NAMESPACE, text);
            }
            default -> throw new IllegalArgumentException(op);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory tf = TransformerFactory.newDefaultInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        var t = tf.newTransformer();
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toByteArray();
    }

    private static Element xmlStep(Element parent, String seg) {
        Matcher m = SEGMENT.matcher(seg);
        if (!m.matches()) {
            throw new IllegalArgumentException(seg);
        }
        Element next = children(parent, m.group(1)).get(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        // the body element wraps one element named after the type; paths skip it, as in JSON
        return m.group(1).equals("body") && parent.getParentNode().getNodeType() == Node.DOCUMENT_NODE ? firstElement(next) : next;
    }

    private static Element firstElement(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                return el;
            }
        }
        throw new IllegalArgumentException("no child element");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && name.equals(el.getLocalName())) {
                out.add(el);
            }
        }
        return out;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
