package eu.eevidence.gw.schema.xml;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.Message;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/**
 * The writing half of {@link XmlCodec}: UTF-8, XML declaration, default namespace on the root, no indentation,
 * elements in component order, no empty elements for absent values, timestamps as ISO 8601 with offset, characters
 * {@code & < > CR} escaped: the bytes that get signed.
 */
final class XmlWriter {

    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private XmlWriter() {
    }

    /** The canonical XML bytes of an envelope. */
    /** The canonical XML bytes of an envelope. */
    static byte[] encode(Envelope envelope) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        sb.append("<envelope xmlns=\"").append(Envelope.NAMESPACE).append("\">");
        writeChildren(sb, envelope);
        sb.append("</envelope>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeChildren(StringBuilder sb, Object record) {
        for (XmlModel.Slot slot : XmlModel.slots(record.getClass())) {
            if (slot.kind() == XmlModel.Kind.MESSAGE_TYPE) {
                continue;
            }
            Object value;
            try {
                value = slot.component().getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                continue;
            }
            if (slot.repeated()) {
                for (Object item : (Collection<?>) value) {
                    if (item != null) {
                        writeElement(sb, slot, item);
                    }
                }
            } else {
                writeElement(sb, slot, value);
            }
        }
    }

    private static void writeElement(StringBuilder sb, XmlModel.Slot slot, Object value) {
        sb.append('<').append(slot.name()).append('>');
        switch (slot.kind()) {
            case TEXT -> escape(sb, (String) value);
            case INT, LONG, BOOLEAN -> sb.append(value);
            case TIMESTAMP -> sb.append(TS.format((OffsetDateTime) value));
            case ENUM -> sb.append(((Enum<?>) value).name());
            case RECORD -> writeChildren(sb, value);
            case MESSAGE -> {
                Message message = (Message) value;
                String element = message.type().xmlElement();
                sb.append('<').append(element).append('>');
                writeChildren(sb, message);
                sb.append("</").append(element).append('>');
            }
            default -> throw new IllegalStateException();
        }
        sb.append("</").append(slot.name()).append('>');
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
    }
}
