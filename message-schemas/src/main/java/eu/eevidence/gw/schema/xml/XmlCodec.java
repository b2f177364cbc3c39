package eu.eevidence.gw.schema.xml;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.Message;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.MessageValidator;
import eu.eevidence.gw.schema.validation.ValidationCode;
import eu.eevidence.gw.schema.validation.Violation;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical XML writing and hardened, XSD-validated XML reading of enveloped messages.
 * <p>Reading: at most {@link #MAX_BYTES} bytes, UTF-8 only; the JDK's own SAX parser with DOCTYPE
 * declarations disallowed (so no DTD, no entity declarations, no external entities), external entity
 * and DTD loading off, XInclude off, secure processing on; element depth, attributes per element, text
 * length per element and element count bounded; every document validated against the v1 XSD
 * (javax.xml.validation, secure processing, no external schema access) while it is parsed; then bound to
 * the model and checked by the Hibernate Validator rules. Never throws on bad input; no parser text
 * reaches the result (only the XSD rule id, e.g. {@code cvc-complex-type.2.4.a}).
 * <p>Writing: UTF-8, XML declaration, default namespace on the root, no indentation, elements in
 * component order, no empty elements for absent values, timestamps as ISO 8601 with offset, characters
 * {@code & < > CR} escaped: the bytes that get signed.
 * Thread-safe. The compiled XSD ({@link Schema}, immutable and thread-safe) is compiled once per JVM, on first
 * use, and shared by every codec; a {@link javax.xml.validation.ValidatorHandler} (not thread-safe) is made per
 * call. Constructing a codec is therefore cheap. Binding the validated tree to the model is {@link XmlBinder}'s job,
 * writing {@link XmlWriter}'s.
 */
public final class XmlCodec {

    public static final int MAX_BYTES = 8 * 1024 * 1024;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_ATTRIBUTES = 16;
    public static final int MAX_TEXT_CHARS = 65_536;
    public static final int MAX_ELEMENTS = 500_000;
    public static final String XSD_RESOURCE = "/xsd/eevidence-messages-v1.xsd";
    private static final int MAX_REPORTED = 20;
    private static final Pattern CVC = Pattern.compile("^(cvc-[A-Za-z0-9.-]+)");

    private final Schema schema;
    private final SAXParserFactory parsers;
    private final MessageValidator validator;

    public XmlCodec() {
        this(new MessageValidator());
    }

    public XmlCodec(MessageValidator validator) {
        this.validator = validator;
        this.schema = loadSchema();
        this.parsers = hardenedParserFactory();
    }

    /** How often the v1 XSD was compiled in this JVM (once, by the shared holder); for tests. */
    private static final AtomicInteger COMPILATIONS = new AtomicInteger();

    /** Initialisation-on-demand holder: the JVM's class initialisation makes the one compilation thread-safe. */
    private static final class CompiledSchema {
        static final Schema V1 = compileSchema();
    }

    /** The v1 XSD, loaded with a hardened SchemaFactory; compiled once and shared (a Schema is thread-safe). */
    public static Schema loadSchema() {
        return CompiledSchema.V1;
    }

    static int compilations() {
        return COMPILATIONS.get();
    }

    /** The schema this codec validates against (the shared one). */
    Schema schema() {
        return schema;
    }

    private static Schema compileSchema() {
        COMPILATIONS.incrementAndGet();
        try (InputStream in = XmlCodec.class.getResourceAsStream(XSD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + XSD_RESOURCE);
            }
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, XSD_RESOURCE));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("the bundled XSD cannot be loaded", e);
        }
    }

    static SAXParserFactory hardenedParserFactory() {
        try {
            SAXParserFactory f = SAXParserFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK SAX parser lacks a hardening feature", e);
        }
    }

    // ------------------------------------------------------------------ reading

    private static final Pattern XML_DECL = Pattern.compile("^<\\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*([\"'])([^\"']*)\\1");

    /**
     * True when the XML declaration names an encoding other than UTF-8 (XML 1.0 section 4.3.3): the body is read as
     * UTF-8 whatever it says, so a document claiming ISO-8859-1 or UTF-16 is refused rather than silently re-read.
     */
    static boolean declaresOtherEncoding(byte[] xml) {
        int n = Math.min(xml.length, 200);
        int end = -1;
        for (int i = 0; i < n; i++) {
            if (xml[i] == '>') {
                end = i + 1;
                break;
            }
        }
        if (end < 0 || n < 5 || xml[0] != '<' || xml[1] != '?') {
            return false;
        }
        Matcher m = XML_DECL.matcher(new String(xml, 0, end, StandardCharsets.US_ASCII));
        return m.find() && !m.group(2).equalsIgnoreCase("UTF-8");
    }

    /** Parses, schema-validates, binds and validates; never throws on bad input. */
    public Decoded decode(byte[] xml) {
        if (xml == null || xml.length == 0) {
            return invalid("$", ValidationCode.XML_EMPTY);
        }
        if (xml.length > MAX_BYTES) {
            return invalid("$", ValidationCode.XML_LIMIT);
        }
        if (eu.eevidence.gw.schema.codec.Utf8.hasBom(xml) || eu.eevidence.gw.schema.codec.Utf8.looksUtf16Or32(xml)
                || eu.eevidence.gw.schema.codec.Utf8.firstInvalid(xml) >= 0
                || declaresOtherEncoding(xml)) {
            return invalid("$", ValidationCode.XML_ENCODING);
        }
        XmlBinder.Node root;
        Guard guard = new Guard();
        try {
            XMLReader reader;
            synchronized (parsers) { // JAXP factories are not specified as thread-safe; parsers are per call
                reader = parsers.newSAXParser().getXMLReader();
            }
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            ValidatorHandler vh = schema.newValidatorHandler();
            vh.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            vh.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            XmlBinder.TreeBuilder tree = new XmlBinder.TreeBuilder();
            vh.setContentHandler(tree);
            vh.setErrorHandler(guard);
            guard.next = vh;
            reader.setContentHandler(guard);
            reader.setErrorHandler(guard);
            InputSource source = new InputSource(new ByteArrayInputStream(xml));
            source.setEncoding(StandardCharsets.UTF_8.name());
            reader.parse(source);
            root = tree.root;
        } catch (Stop stop) {
            List<Violation> found = new ArrayList<>(guard.violations);
            if (stop.violation != null) {
                found.add(stop.violation);
            }
            return new Decoded.Invalid(found);
        } catch (SAXParseException e) {
            String text = String.valueOf(e.getMessage());
            boolean doctype = text.contains("DOCTYPE") || new String(xml, StandardCharsets.ISO_8859_1).contains("<!DOCTYPE");
            return invalid("$", doctype ? ValidationCode.XML_DOCTYPE : ValidationCode.XML_MALFORMED);
        } catch (SAXException | IOException e) {
            return invalid("$", ValidationCode.XML_MALFORMED);
        } catch (ParserConfigurationException | RuntimeException e) {
            return invalid("$", ValidationCode.XML_MALFORMED);
        }
        if (!guard.violations.isEmpty()) {
            return new Decoded.Invalid(guard.violations);
        }
        if (root == null) {
            return invalid("$", ValidationCode.XML_EMPTY);
        }
        Envelope envelope;
        try {
            envelope = (Envelope) XmlBinder.bindRecord(Envelope.class, root, "$");
        } catch (XmlBinder.BindException e) {
            return invalid(e.path, ValidationCode.XML_TYPE);
        }
        List<Violation> violations = validator.validate(envelope);
        return violations.isEmpty() ? new Decoded.Valid(envelope) : new Decoded.Invalid(violations);
    }

    private static Decoded invalid(String path, ValidationCode code) {
        return new Decoded.Invalid(List.of(Violation.of(path, code)));
    }

    /** Aborts parsing with a violation. */
    private static final class Stop extends SAXException {
        final transient Violation violation;

        Stop(Violation violation) {
            super("stop");
            this.violation = violation;
        }
    }

    /**
     * Sits between the parser and the schema validator: enforces the structural limits before anything is
     * validated or built, tracks the element path for error reports, and collects schema errors.
     */
    private static final class Guard implements ContentHandler, ErrorHandler {
        ContentHandler next;
        final Deque<Frame> stack = new ArrayDeque<>();
        final List<Violation> violations = new ArrayList<>();
        int elements;
        int textInElement;

        /** An open element: its model type (null when unknown), its path in the JSON-like form, child counters. */
        private record Frame(Class<?> type, String path, java.util.Map<String, Integer> counts) {
        }

        String path() {
            return stack.isEmpty() ? "$" : stack.peek().path();
        }

        private Frame child(String localName) {
            Frame parent = stack.peek();
            if (parent.type() == Message.class) {
                // the body's single element names the type; paths skip it, as in JSON
                return new Frame(MessageType.byXmlElement(localName).<Class<?>>map(MessageType::javaType).orElse(null), parent.path(), new java.util.HashMap<>());
            }
            XmlModel.Slot slot = null;
            if (parent.type() != null && parent.type().isRecord()) {
                for (XmlModel.Slot candidate : XmlModel.slots(parent.type())) {
                    if (candidate.name().equals(localName) && candidate.kind() != XmlModel.Kind.MESSAGE_TYPE) {
                        slot = candidate;
                    }
                }
            }
            if (slot == null) {
                return new Frame(null, parent.path() + "." + localName, new java.util.HashMap<>());
            }
            int index = parent.counts().merge(localName, 1, Integer::sum) - 1;
            String segment = slot.repeated() ? localName + "[" + index + "]" : localName;
            Class<?> type = switch (slot.kind()) {
                case RECORD -> slot.valueType();
                case MESSAGE -> Message.class;
                default -> null;
            };
            return new Frame(type, parent.path() + "." + segment, new java.util.HashMap<>());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (stack.isEmpty() && (!Envelope.NAMESPACE.equals(uri) || !"envelope".equals(localName))) {
                throw new Stop(Violation.of("$", ValidationCode.XML_NAMESPACE));
            }
            if (stack.size() >= MAX_DEPTH || ++elements > MAX_ELEMENTS || atts.getLength() > MAX_ATTRIBUTES) {
                throw new Stop(Violation.of(path(), ValidationCode.XML_LIMIT));
            }
            stack.push(stack.isEmpty() ? new Frame(Envelope.class, "$", new java.util.HashMap<>()) : child(localName));
            textInElement = 0;
            for (int i = 0; i < atts.getLength(); i++) {
                if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(atts.getURI(i))) {
                    // xsi:schemaLocation, xsi:type, xsi:nil: the receiver's XSD decides, never the sender
                    violations.add(new Violation(path(), ValidationCode.XML_SCHEMA.code(),
                            ValidationCode.XML_SCHEMA.message() + ": xsi attributes (schemaLocation, type, nil) are not accepted"));
                }
            }
            next.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            next.endElement(uri, localName, qName);
            stack.pop();
            textInElement = 0;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            textInElement += length;
            if (textInElement > MAX_TEXT_CHARS) {
                throw new Stop(Violation.of(path(), ValidationCode.XML_LIMIT));
            }
            next.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            next.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            next.setDocumentLocator(locator);
        }

        @Override
        public void startDocument() throws SAXException {
            next.startDocument();
        }

        @Override
        public void endDocument() throws SAXException {
            next.endDocument();
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            next.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            next.endPrefixMapping(prefix);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            throw new Stop(Violation.of(path(), ValidationCode.XML_MALFORMED));
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            throw new Stop(Violation.of(path(), ValidationCode.XML_DOCTYPE));
        }

        @Override
        public void warning(SAXParseException exception) {
            // warnings do not reject a message
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            if (stack.isEmpty()) {
                throw exception; // a parser error outside any element: treat as not well-formed
            }
            Matcher m = CVC.matcher(String.valueOf(exception.getMessage()));
            String rule = m.find() ? m.group(1) : "";
            String path = path();
            if (rule.equals("cvc-type.3.1.3") && !violations.isEmpty() && violations.get(violations.size() - 1).path().equals(path)) {
                return; // Xerces repeats a facet error as a type error for the same element
            }
            violations.add(new Violation(path, ValidationCode.XML_SCHEMA.code(), ValidationCode.XML_SCHEMA.message() + ": " + explain(rule)));
            if (violations.size() >= MAX_REPORTED) {
                throw new Stop(null);
            }
        }

        private static String explain(String rule) {
            return switch (rule) {
                case "cvc-complex-type.2.4.a" -> "this element is not expected here: a required element before it is missing, or the order is wrong (rule " + rule + ")";
                case "cvc-complex-type.2.4.b" -> "a required child element is missing at the end of this element (rule " + rule + ")";
                case "cvc-complex-type.2.4.d", "cvc-complex-type.2.4.c" -> "this element is not expected here (rule " + rule + ")";
                case "cvc-complex-type.2.3", "cvc-complex-type.3.2.2" -> "text or attributes are not allowed here (rule " + rule + ")";
                case "cvc-enumeration-valid" -> "is not one of the allowed values (rule " + rule + ")";
                case "cvc-pattern-valid" -> "does not match the required pattern; timestamps need a zone offset, e.g. 2026-11-24T03:00:00+01:00 (rule " + rule + ")";
                case "cvc-maxLength-valid" -> "is too long (rule " + rule + ")";
                case "cvc-datatype-valid.1.2.1", "cvc-type.3.1.3" -> "is not a valid value of its type (rule " + rule + ")";
                default -> rule.isEmpty() ? "schema rule violated" : "rule " + rule;
            };
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    }

    // ------------------------------------------------------------------ writing

    /** The canonical XML bytes of an envelope ({@link XmlWriter}). */
    public byte[] encode(Envelope envelope) {
        return XmlWriter.encode(envelope);
    }
}
