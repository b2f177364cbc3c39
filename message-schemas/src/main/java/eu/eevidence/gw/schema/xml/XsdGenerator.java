package eu.eevidence.gw.schema.xml;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the XSD of major version 1 from the Java model ({@link XmlModel}). The generated text is committed
 * as {@code src/main/resources/xsd/eevidence-messages-v1.xsd}; a unit test fails when the model and the
 * committed XSD differ, so a model change is a visible schema change (a breaking one needs a new major
 * version and namespace).
 */
public final class XsdGenerator {

    private XsdGenerator() {
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String generate() {
        TreeMap<String, String> types = new TreeMap<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(Envelope.class);
        for (MessageType t : MessageType.values()) {
            todo.add(t.javaType());
        }
        while (!todo.isEmpty()) {
            Class<?> type = todo.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (type.isEnum()) {
                StringBuilder sb = new StringBuilder();
                sb.append("  <xs:simpleType name=\"").append(XmlModel.typeName(type)).append("\">\n");
                sb.append("    <xs:restriction base=\"xs:string\">\n");
                for (Object c : type.getEnumConstants()) {
                    sb.append("      <xs:enumeration value=\"").append(((Enum<?>) c).name()).append("\"/>\n");
                }
                sb.append("    </xs:restriction>\n  </xs:simpleType>\n");
                types.put(XmlModel.typeName(type), sb.toString());
                continue;
            }
            StringBuilder sb = new StringBuilder();
            sb.append("  <xs:complexType name=\"").append(XmlModel.typeName(type)).append("\">\n    <xs:sequence>\n");
            for (XmlModel.Slot slot : XmlModel.slots(type)) {
                if (slot.kind() == XmlModel.Kind.MESSAGE_TYPE) {
                    continue;
                }
                sb.append("      <xs:element name=\"").append(slot.name()).append('"');
                switch (slot.kind()) {
                    case TEXT -> {
                        if (slot.maxLength() == null) {
                            sb.append(" type=\"m:Text\"");
                        }
                    }
                    case INT -> sb.append(" type=\"xs:int\"");
                    case LONG -> sb.append(" type=\"xs:long\"");
                    case BOOLEAN -> sb.append(" type=\"xs:boolean\"");
                    case TIMESTAMP -> sb.append(" type=\"m:Timestamp\"");
                    case MESSAGE -> sb.append(" type=\"m:Body\"");
                    case ENUM, RECORD -> {
                        sb.append(" type=\"m:").append(XmlModel.typeName(slot.valueType())).append('"');
                        todo.add(slot.valueType());
                    }
                    default -> throw new IllegalStateException();
                }
                sb.append(" minOccurs=\"").append(slot.required() ? 1 : 0).append('"');
                if (slot.repeated()) {
                    sb.append(" maxOccurs=\"unbounded\"");
                }
                if (slot.kind() == XmlModel.Kind.TEXT && slot.maxLength() != null) {
                    sb.append(">\n        <xs:simpleType>\n          <xs:restriction base=\"m:Text\">\n            <xs:maxLength value=\"")
                            .append(slot.maxLength()).append("\"/>\n          </xs:restriction>\n        </xs:simpleType>\n      </xs:element>\n");
                } else {
                    sb.append("/>\n");
                }
            }
            sb.append("    </xs:sequence>\n  </xs:complexType>\n");
            types.put(XmlModel.typeName(type), sb.toString());
        }
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<!-- GENERATED from the Java model by eu.eevidence.gw.schema.xml.XsdGenerator; do not edit by hand.\n");
        out.append("     Evidence-exchange gateway message catalogue, major version 1. Documentation: docs/design/message-catalogue.md -->\n");
        out.append("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:m=\"").append(Envelope.NAMESPACE)
                .append("\" targetNamespace=\"").append(Envelope.NAMESPACE)
                .append("\" elementFormDefault=\"qualified\" attributeFormDefault=\"unqualified\" version=\"")
                .append(Envelope.CURRENT_VERSION).append("\">\n");
        out.append("  <xs:element name=\"envelope\" type=\"m:Envelope\"/>\n");
        out.append("  <xs:simpleType name=\"Text\">\n    <xs:restriction base=\"xs:string\">\n      <xs:maxLength value=\"65536\"/>\n    </xs:restriction>\n  </xs:simpleType>\n");
        out.append("  <!-- a timestamp must carry a zone offset (Z or +hh:mm / -hh:mm): local times are rejected -->\n");
        out.append("  <xs:simpleType name=\"Timestamp\">\n    <xs:restriction base=\"xs:dateTime\">\n      <xs:pattern value=\".+(Z|[+\\-][0-9]{2}:[0-9]{2})\"/>\n    </xs:restriction>\n  </xs:simpleType>\n");
        out.append("  <xs:complexType name=\"Body\">\n    <xs:choice>\n");
        for (MessageType t : MessageType.values()) {
            out.append("      <xs:element name=\"").append(t.xmlElement()).append("\" type=\"m:")
                    .append(XmlModel.typeName(t.javaType())).append("\">\n");
            out.append("        <xs:annotation><xs:documentation>").append(t.name()).append(": ").append(escape(t.legalBasis()))
                    .append(". Sent by ").append(t.senders()).append(" to ").append(t.receivers()).append(".</xs:documentation></xs:annotation>\n");
            out.append("      </xs:element>\n");
        }
        out.append("    </xs:choice>\n  </xs:complexType>\n");
        types.values().forEach(out::append);
        out.append("</xs:schema>\n");
        return out.toString();
    }
}
