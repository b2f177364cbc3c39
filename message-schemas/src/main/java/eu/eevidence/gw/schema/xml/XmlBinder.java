package eu.eevidence.gw.schema.xml;

import eu.eevidence.gw.schema.MessageType;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;

import java.lang.reflect.Constructor;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The reading half of {@link XmlCodec} after the schema: builds a {@link Node} tree from the validated SAX events
 * ({@link TreeBuilder}) and binds it to the model's records by {@link XmlModel}'s slots. A value that does not bind
 * (a number, timestamp, boolean or enum constant out of form, a constructor that refuses) is a {@link BindException}
 * carrying the JSON-like path.
 */
final class XmlBinder {

    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private XmlBinder() {
    }

    /** A parsed element: local name, children, text. */
    static final class Node {
        final String name;
        final List<Node> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Node(String name) {
            this.name = name;
        }
    }

    static final class BindException extends Exception {
        final String path;

        BindException(String path) {
            super(path, null, false, false);
            this.path = path;
        }
    }

    /** Builds the {@link Node} tree from validated events. */
    static final class TreeBuilder implements ContentHandler {
        Node root;
        final Deque<Node> open = new ArrayDeque<>();

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            Node node = new Node(localName);
            if (open.isEmpty()) {
                root = node;
            } else {
                open.peek().children.add(node);
            }
            open.push(node);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().text.append(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
        }

        @Override
        public void setDocumentLocator(Locator locator) {
        }

        @Override
        public void startDocument() {
        }

        @Override
        public void endDocument() {
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) {
        }

        @Override
        public void endPrefixMapping(String prefix) {
        }

        @Override
        public void processingInstruction(String target, String data) {
        }

        @Override
        public void skippedEntity(String name) {
        }
    }

    static Object bindRecord(Class<?> type, Node node, String path) throws BindException {
        List<XmlModel.Slot> slots = XmlModel.slots(type);
        Object[] args = new Object[slots.size()];
        Class<?>[] types = new Class<?>[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            XmlModel.Slot slot = slots.get(i);
            types[i] = slot.component().getType();
            String childPath = path + "." + slot.name();
            List<Node> matches = new ArrayList<>();
            for (Node child : node.children) {
                if (child.name.equals(slot.name())) {
                    matches.add(child);
                }
            }
            if (slot.kind() == XmlModel.Kind.MESSAGE_TYPE) {
                args[i] = null; // implied by the record
            } else if (slot.repeated()) {
                Collection<Object> values = List.class.isAssignableFrom(slot.component().getType()) ? new ArrayList<>() : new LinkedHashSet<>();
                for (int j = 0; j < matches.size(); j++) {
                    values.add(bindValue(slot, matches.get(j), childPath + "[" + j + "]"));
                }
                args[i] = matches.isEmpty() ? null : values;
            } else {
                args[i] = matches.isEmpty() ? null : bindValue(slot, matches.get(0), childPath);
            }
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new BindException(path);
        }
    }

    private static Object bindValue(XmlModel.Slot slot, Node node, String path) throws BindException {
        String text = node.text.toString();
        try {
            return switch (slot.kind()) {
                case TEXT -> text;
                case INT -> Integer.valueOf(text.strip());
                case LONG -> Long.valueOf(text.strip());
                case BOOLEAN -> switch (text.strip()) {
                    case "true", "1" -> Boolean.TRUE;
                    case "false", "0" -> Boolean.FALSE;
                    default -> throw new BindException(path);
                };
                case TIMESTAMP -> OffsetDateTime.parse(text.strip(), TS);
                case ENUM -> enumValue(slot.valueType(), text.strip(), path);
                case RECORD -> bindRecord(slot.valueType(), node, path);
                case MESSAGE -> {
                    if (node.children.size() != 1) {
                        throw new BindException(path);
                    }
                    Node body = node.children.get(0);
                    MessageType type = MessageType.byXmlElement(body.name).orElseThrow(() -> new BindException(path));
                    yield bindRecord(type.javaType(), body, path);
                }
                case MESSAGE_TYPE -> null;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new BindException(path);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name, String path) throws BindException {
        try {
            return Enum.valueOf((Class) type, name);
        } catch (IllegalArgumentException e) {
            throw new BindException(path);
        }
    }
}
