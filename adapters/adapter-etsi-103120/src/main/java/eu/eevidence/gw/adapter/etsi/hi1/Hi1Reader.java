package eu.eevidence.gw.adapter.etsi.hi1;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads HI-1 messages with a hardened JDK parser: no DOCTYPE at all (so no DTD, no entity expansion, no XXE), no
 * external DTD or schema access, secure processing on, no XInclude, a size bound. Any XML problem becomes an
 * {@link Hi1Exception} with a stable code; nothing else escapes.
 */
public final class Hi1Reader {

    /** The largest message read (answers carrying inline data included). */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    private Hi1Reader() {
    }

    /** A parsed HI-1 message: header, and either the request's actions or the response's. */
    public record Message(Header header, List<ActionRequest> requests, List<ActionResponse> responses, Error error) {
    }

    public record Header(Hi1.Party sender, Hi1.Party receiver, String transactionId, Instant timestamp) {
    }

    /** An action request (as pushed by a portal): its verb (CREATE, UPDATE, DELIVER ...) and the objects it carries. */
    public record ActionRequest(String actionId, String verb, List<Element> objects) {
    }

    /**
     * An action response: its kind (CREATEResponse, UPDATEResponse, GETResponse, LISTResponse, ErrorInformation),
     * the identifier it names, the objects of a GET, the records of a LIST, or the error.
     */
    public record ActionResponse(String actionId, String kind, String identifier, List<Element> objects, List<ListRecord> records,
                                 Error error) {
        public boolean isError() {
            return error != null;
        }
    }

    /** One record of a LISTResponse. */
    public record ListRecord(String objectType, String objectIdentifier, String generation, Instant lastChanged) {
    }

    /** ErrorInformation: code and description. */
    public record Error(String code, String description) {
    }

    /** Thrown for any unreadable message; {@link #code()} is stable. */
    public static final class Hi1Exception extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public Hi1Exception(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Parses a whole HI1Message. Codes: EEG-HI1-TOO-LARGE, -NOT-XML, -NOT-HI1, -BAD-HEADER. */
    public static Message read(byte[] xml) throws Hi1Exception {
        Element root = parse(xml).getDocumentElement();
        if (!is(root, Hi1.CORE, "HI1Message")) {
            throw new Hi1Exception(Hi1Error.HI1_NOT_HI1.code(), "the root element is not an HI1Message");
        }
        Header header = header(child(root, "Header").orElseThrow(() -> new Hi1Exception(Hi1Error.HI1_BAD_HEADER.code(), "the message has no Header")));
        Element payload = child(root, "Payload").orElseThrow(() -> new Hi1Exception(Hi1Error.HI1_NOT_HI1.code(), "the message has no Payload"));
        List<ActionRequest> requests = new ArrayList<>();
        List<ActionResponse> responses = new ArrayList<>();
        Error error = null;
        Optional<Element> req = child(payload, "RequestPayload");
        if (req.isPresent()) {
            for (Element ar : children(child(req.get(), "ActionRequests").orElse(null), "ActionRequest")) {
                String id = text(ar, "ActionIdentifier");
                Element verb = firstElementAfter(ar, "ActionIdentifier");
                if (verb == null) {
                    throw new Hi1Exception(Hi1Error.HI1_NOT_HI1.code(), "an ActionRequest has no action");
                }
                requests.add(new ActionRequest(id, verb.getLocalName(), children(verb, "HI1Object")));
            }
        }
        Optional<Element> resp = child(payload, "ResponsePayload");
        if (resp.isPresent()) {
            Optional<Element> top = child(resp.get(), "ErrorInformation");
            if (top.isPresent()) {
                error = error(top.get());
            }
            for (Element ar : children(child(resp.get(), "ActionResponses").orElse(null), "ActionResponse")) {
                String id = text(ar, "ActionIdentifier");
                Element kind = firstElementAfter(ar, "ActionIdentifier");
                if (kind == null) {
                    throw new Hi1Exception(Hi1Error.HI1_NOT_HI1.code(), "an ActionResponse has no result");
                }
                if ("ErrorInformation".equals(kind.getLocalName())) {
                    responses.add(new ActionResponse(id, "ErrorInformation", null, List.of(), List.of(), error(kind)));
                    continue;
                }
                List<ListRecord> records = new ArrayList<>();
                for (Element r : children(kind, "ListResponseRecord")) {
                    records.add(new ListRecord(text(r, "ObjectType"), text(r, "ObjectIdentifier"), text(r, "Generation"), instantOrNull(text(r, "LastChanged"))));
                }
                responses.add(new ActionResponse(id, kind.getLocalName(), text(kind, "Identifier"), children(kind, "HI1Object"), records, null));
            }
        }
        if (req.isEmpty() && resp.isEmpty()) {
            throw new Hi1Exception(Hi1Error.HI1_NOT_HI1.code(), "the Payload has neither a RequestPayload nor a ResponsePayload");
        }
        return new Message(header, requests, responses, error);
    }

    private static final java.util.regex.Pattern XML_DECL =
            java.util.regex.Pattern.compile("^<\\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*([\"'])([^\"']*)\\1");

    /**
     * HI-1 messages are UTF-8 (ETSI TS 103 120): strict UTF-8 only (RFC 3629: the JDK's UTF-8 decoder in REPORT mode
     * refuses overlong forms, encoded surrogates, code points above U+10FFFF and truncated sequences), no byte order
     * mark, and no XML declaration naming another encoding; the parser would otherwise honour a declared ISO-8859-1 or
     * a UTF-16 byte order mark. {@code EEG-HI1-ENCODING}.
     */
    static void requireUtf8(byte[] xml) throws Hi1Exception {
        if (xml.length >= 2 && ((xml[0] & 0xFF) == 0xFE || (xml[0] & 0xFF) == 0xFF || xml[0] == 0 || xml[1] == 0)) {
            throw new Hi1Exception(Hi1Error.HI1_ENCODING.code(), "the message is not UTF-8 (UTF-16/32)");
        }
        if (xml.length >= 3 && (xml[0] & 0xFF) == 0xEF && (xml[1] & 0xFF) == 0xBB && (xml[2] & 0xFF) == 0xBF) {
            throw new Hi1Exception(Hi1Error.HI1_ENCODING.code(), "the message starts with a byte order mark; send UTF-8 without one");
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(xml));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new Hi1Exception(Hi1Error.HI1_ENCODING.code(), "the message is not well-formed UTF-8");
        }
        int end = -1;
        for (int i = 0; i < Math.min(xml.length, 200); i++) {
            if (xml[i] == '>') {
                end = i + 1;
                break;
            }
        }
        if (end > 0) {
            java.util.regex.Matcher m = XML_DECL.matcher(new String(xml, 0, end, java.nio.charset.StandardCharsets.US_ASCII));
            if (m.find() && !m.group(2).equalsIgnoreCase("UTF-8")) {
                throw new Hi1Exception(Hi1Error.HI1_ENCODING.code(), "the message declares an encoding other than UTF-8");
            }
        }
    }

    static Document parse(byte[] xml) throws Hi1Exception {
        if (xml.length > MAX_MESSAGE_BYTES) {
            throw new Hi1Exception(Hi1Error.HI1_TOO_LARGE.code(), "the message exceeds " + MAX_MESSAGE_BYTES + " bytes");
        }
        if (xml.length == 0) {
            throw new Hi1Exception(Hi1Error.HI1_NOT_XML.code(), "the message is empty");
        }
        requireUtf8(xml);
        try {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // no stderr noise; fatal errors still throw
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new Hi1Exception(Hi1Error.HI1_NOT_XML.code(), "the message is not acceptable XML (DOCTYPE and entities are refused)");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    /** A namespace-aware factory with DOCTYPEs refused and every external access off. */
    public static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    private static Header header(Element h) throws Hi1Exception {
        Hi1.Party sender = party(child(h, "SenderIdentifier").orElse(null));
        Hi1.Party receiver = party(child(h, "ReceiverIdentifier").orElse(null));
        String tx = text(h, "TransactionIdentifier");
        Instant ts = instantOrNull(text(h, "Timestamp"));
        if (sender == null || receiver == null || tx == null || ts == null) {
            throw new Hi1Exception(Hi1Error.HI1_BAD_HEADER.code(), "the Header lacks a sender, receiver, transaction identifier or readable timestamp");
        }
        return new Header(sender, receiver, tx, ts);
    }

    private static Hi1.Party party(Element p) {
        if (p == null) {
            return null;
        }
        String c = text(p, "CountryCode");
        String u = text(p, "UniqueIdentifier");
        return c == null || u == null ? null : new Hi1.Party(c, u);
    }

    private static Error error(Element e) {
        return new Error(Optional.ofNullable(text(e, "ErrorCode")).orElse("unknown"), Optional.ofNullable(text(e, "ErrorDescription")).orElse(""));
    }

    // ---- small DOM helpers, by local name (portals may use any prefix) ----

    static boolean is(Node n, String ns, String local) {
        return n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI());
    }

    public static Optional<Element> child(Element parent, String local) {
        if (parent == null) {
            return Optional.empty();
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static List<Element> children(Element parent, String local) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The trimmed text of the first child named {@code local}; null when absent or blank. */
    public static String text(Element parent, String local) {
        return child(parent, local).map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** The text at a path of child names; null when any step is absent. */
    public static String textAt(Element parent, String... path) {
        Element e = parent;
        for (int i = 0; i < path.length - 1; i++) {
            e = child(e, path[i]).orElse(null);
            if (e == null) {
                return null;
            }
        }
        return text(e, path[path.length - 1]);
    }

    public static Instant instantOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Element firstElementAfter(Element parent, String skip) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && !skip.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The local name of an object's xsi:type (e.g. {@code NotificationObject}); null when absent. */
    public static String xsiType(Element object) {
        String t = object.getAttributeNS(Hi1.XSI, "type");
        if (t == null || t.isEmpty()) {
            return null;
        }
        int colon = t.indexOf(':');
        return colon < 0 ? t : t.substring(colon + 1);
    }
}
