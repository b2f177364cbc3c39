package eu.eevidence.gw.adapter.etsi.hi1;

import eu.eevidence.gw.adapter.api.DeliveryRequest;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes HI-1 request messages (TS 103 120 cl. 6: HI1Message = Header + Payload/RequestPayload/ActionRequests).
 * Objects follow the member order of their schema types (cl. 7.x HI1Object base members first: ObjectIdentifier,
 * CountryCode, OwnerIdentifier, AssociatedObjects; then the type's own members).
 */
public final class Hi1Writer {

    private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();

    private Hi1Writer() {
    }

    /**
     * Header (cl. 6.2): sender, receiver, transaction identifier, timestamp, version.
     *
     * @param etsiVersion      e.g. {@code V1.22.1}
     * @param profileOwner     NationalProfileOwner, e.g. {@code EU}
     * @param profileVersion   NationalProfileVersion
     */
    public record Header(Hi1.Party sender, Hi1.Party receiver, String transactionId, Instant timestamp, String etsiVersion,
                         String profileOwner, String profileVersion) {
        public Header {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /** A dictionary entry (TS 103 120 cl. 6.x DictionaryEntry: Owner, Name, Value). */
    public record Dict(String owner, String name, String value) {
    }

    /** One action request of a message. */
    public sealed interface Action {
        /** CREATE an AuthorisationObject (cl. 7.2). */
        record CreateAuthorisation(String objectId, String countryCode, String owner, String reference, Dict legalType,
                                   Dict desiredStatus, Instant created, Instant deadline) implements Action {
        }

        /** CREATE an LDTaskObject (disclosure, cl. 8.3) or an LPTaskObject (preservation). */
        record CreateTask(String objectId, boolean preservation, String countryCode, String owner, String authorisationId, String reference,
                          Dict desiredStatus, Dict requestType, List<DeliveryRequest.TargetIdentifier> identifiers, Instant endTime)
                implements Action {
        }

        /** CREATE a DocumentObject (cl. 7.3) carrying {@code body} base64 with its SHA-256 checksum. */
        record CreateDocument(String objectId, String countryCode, String owner, List<String> associated, String reference, String name,
                              Dict type, byte[] body, String contentType, String sha256) implements Action {
        }

        /** UPDATE an AuthorisationObject's desired status (e.g. Cancelled for a withdrawal). */
        record UpdateAuthorisation(String objectId, Dict desiredStatus) implements Action {
        }

        /** UPDATE a task's desired status and/or end time (preservation extension, end, new deadline). */
        record UpdateTask(String objectId, boolean preservation, Dict desiredStatus, Instant endTime) implements Action {
        }

        /** LIST objects (cl. 6.4.x); the answer lists identifiers with their generation and last change. */
        record ListObjects(String objectType) implements Action {
        }

        /** GET one object by identifier. */
        record Get(String objectId) implements Action {
        }
    }

    /** The message, UTF-8. */
    public static byte[] request(Header header, List<Action> actions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try {
            XMLStreamWriter w = OUT.createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(Hi1.CORE);
            w.writeStartElement(Hi1.CORE, "HI1Message");
            w.writeDefaultNamespace(Hi1.CORE);
            w.writeNamespace("xsi", Hi1.XSI);
            w.writeNamespace("common", Hi1.COMMON);
            w.writeNamespace("auth", Hi1.AUTH);
            w.writeNamespace("task", Hi1.TASK);
            w.writeNamespace("doc", Hi1.DOC);
            w.setPrefix("xsi", Hi1.XSI);
            w.setPrefix("common", Hi1.COMMON);
            w.setPrefix("auth", Hi1.AUTH);
            w.setPrefix("task", Hi1.TASK);
            w.setPrefix("doc", Hi1.DOC);
            header(w, header);
            w.writeStartElement(Hi1.CORE, "Payload");
            w.writeStartElement(Hi1.CORE, "RequestPayload");
            w.writeStartElement(Hi1.CORE, "ActionRequests");
            for (int i = 0; i < actions.size(); i++) {
                w.writeStartElement(Hi1.CORE, "ActionRequest");
                leaf(w, Hi1.CORE, "ActionIdentifier", Integer.toString(i));
                action(w, actions.get(i));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(Hi1Error.HI1_WRITE.code() + " the HI-1 message could not be written", e);
        }
        return bytes.toByteArray();
    }

    private static void header(XMLStreamWriter w, Header h) throws XMLStreamException {
        w.writeStartElement(Hi1.CORE, "Header");
        party(w, "SenderIdentifier", h.sender());
        party(w, "ReceiverIdentifier", h.receiver());
        leaf(w, Hi1.CORE, "TransactionIdentifier", h.transactionId());
        leaf(w, Hi1.CORE, "Timestamp", ts(h.timestamp()));
        w.writeStartElement(Hi1.CORE, "Version");
        leaf(w, Hi1.CORE, "ETSIVersion", h.etsiVersion());
        leaf(w, Hi1.CORE, "NationalProfileOwner", h.profileOwner());
        leaf(w, Hi1.CORE, "NationalProfileVersion", h.profileVersion());
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void party(XMLStreamWriter w, String element, Hi1.Party p) throws XMLStreamException {
        w.writeStartElement(Hi1.CORE, element);
        leaf(w, Hi1.CORE, "CountryCode", p.countryCode());
        leaf(w, Hi1.CORE, "UniqueIdentifier", p.uniqueIdentifier());
        w.writeEndElement();
    }

    private static void action(XMLStreamWriter w, Action a) throws XMLStreamException {
        if (a instanceof Action.CreateAuthorisation c) {
            w.writeStartElement(Hi1.CORE, "CREATE");
            object(w, "auth:AuthorisationObject", c.objectId(), c.countryCode(), c.owner(), List.of());
            leaf(w, Hi1.AUTH, "AuthorisationReference", c.reference());
            dict(w, Hi1.AUTH, "AuthorisationLegalType", c.legalType());
            dict(w, Hi1.AUTH, "AuthorisationDesiredStatus", c.desiredStatus());
            if (c.deadline() != null) {
                w.writeStartElement(Hi1.AUTH, "AuthorisationTimespan");
                leaf(w, Hi1.COMMON, "EndTime", ts(c.deadline()));
                w.writeEndElement();
            }
            leaf(w, Hi1.AUTH, "AuthorisationCreationTimestamp", ts(c.created()));
            w.writeEndElement();
            w.writeEndElement();
        } else if (a instanceof Action.CreateTask t) {
            w.writeStartElement(Hi1.CORE, "CREATE");
            object(w, t.preservation() ? "task:LPTaskObject" : "task:LDTaskObject", t.objectId(), t.countryCode(), t.owner(),
                    List.of(t.authorisationId()));
            leaf(w, Hi1.TASK, "Reference", t.reference());
            dict(w, Hi1.TASK, "DesiredStatus", t.desiredStatus());
            w.writeStartElement(Hi1.TASK, "RequestDetails");
            dict(w, Hi1.TASK, "Type", t.requestType());
            if (t.endTime() != null) {
                leaf(w, Hi1.TASK, "EndTime", ts(t.endTime()));
            }
            if (!t.identifiers().isEmpty()) {
                w.writeStartElement(Hi1.TASK, "RequestValues");
                for (DeliveryRequest.TargetIdentifier id : t.identifiers()) {
                    w.writeStartElement(Hi1.TASK, "RequestValue");
                    w.writeStartElement(Hi1.TASK, "FormatType");
                    String[] format = formatOf(id.type());
                    leaf(w, Hi1.TASK, "FormatOwner", format[0]);
                    leaf(w, Hi1.TASK, "FormatName", format[1]);
                    w.writeEndElement();
                    leaf(w, Hi1.TASK, "Value", id.value());
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        } else if (a instanceof Action.CreateDocument d) {
            w.writeStartElement(Hi1.CORE, "CREATE");
            object(w, "doc:DocumentObject", d.objectId(), d.countryCode(), d.owner(), d.associated());
            leaf(w, Hi1.DOC, "DocumentReference", d.reference());
            leaf(w, Hi1.DOC, "DocumentName", d.name());
            dict(w, Hi1.DOC, "DocumentType", d.type());
            w.writeStartElement(Hi1.DOC, "DocumentBody");
            leaf(w, Hi1.DOC, "Contents", Base64.getEncoder().encodeToString(d.body()));
            leaf(w, Hi1.DOC, "ContentType", d.contentType());
            leaf(w, Hi1.DOC, "Checksum", d.sha256());
            leaf(w, Hi1.DOC, "ChecksumType", "SHA-256");
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        } else if (a instanceof Action.UpdateAuthorisation u) {
            w.writeStartElement(Hi1.CORE, "UPDATE");
            object(w, "auth:AuthorisationObject", u.objectId(), null, null, List.of());
            dict(w, Hi1.AUTH, "AuthorisationDesiredStatus", u.desiredStatus());
            w.writeEndElement();
            w.writeEndElement();
        } else if (a instanceof Action.UpdateTask u) {
            w.writeStartElement(Hi1.CORE, "UPDATE");
            object(w, u.preservation() ? "task:LPTaskObject" : "task:LDTaskObject", u.objectId(), null, null, List.of());
            if (u.desiredStatus() != null) {
                dict(w, Hi1.TASK, "DesiredStatus", u.desiredStatus());
            }
            if (u.endTime() != null) {
                w.writeStartElement(Hi1.TASK, "RequestDetails");
                leaf(w, Hi1.TASK, "EndTime", ts(u.endTime()));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
        } else if (a instanceof Action.ListObjects l) {
            w.writeStartElement(Hi1.CORE, "LIST");
            if (l.objectType() != null) {
                leaf(w, Hi1.CORE, "ObjectType", l.objectType());
            }
            w.writeEndElement();
        } else if (a instanceof Action.Get g) {
            w.writeStartElement(Hi1.CORE, "GET");
            leaf(w, Hi1.CORE, "Identifier", g.objectId());
            w.writeEndElement();
        }
    }

    private static void object(XMLStreamWriter w, String xsiType, String id, String country, String owner, List<String> associated)
            throws XMLStreamException {
        w.writeStartElement(Hi1.CORE, "HI1Object");
        w.writeAttribute("xsi", Hi1.XSI, "type", xsiType);
        leaf(w, Hi1.CORE, "ObjectIdentifier", id);
        if (country != null) {
            leaf(w, Hi1.CORE, "CountryCode", country);
        }
        if (owner != null) {
            leaf(w, Hi1.CORE, "OwnerIdentifier", owner);
        }
        if (!associated.isEmpty()) {
            w.writeStartElement(Hi1.CORE, "AssociatedObjects");
            for (String a : associated) {
                leaf(w, Hi1.CORE, "AssociatedObject", a);
            }
            w.writeEndElement();
        }
    }

    /**
     * Identifier formats: TS 103 280 names under owner ETSI where one exists (EmailAddress, InternationalE164,
     * IPAddress, URL); the platform's own account identifiers and handles under owner {@code EEG}.
     */
    static String[] formatOf(DeliveryRequest.IdentifierType type) {
        return switch (type) {
            case EMAIL -> new String[]{"ETSI", "EmailAddress"};
            case PHONE -> new String[]{"ETSI", "InternationalE164"};
            case IP_ADDRESS -> new String[]{"ETSI", "IPAddress"};
            case URL -> new String[]{"ETSI", "URL"};
            case ACCOUNT_ID -> new String[]{"EEG", "AccountIdentifier"};
            case USERNAME -> new String[]{"EEG", "Username"};
            case OTHER -> new String[]{"EEG", "Other"};
        };
    }

    private static void dict(XMLStreamWriter w, String ns, String element, Dict d) throws XMLStreamException {
        if (d == null) {
            return;
        }
        w.writeStartElement(ns, element);
        leaf(w, Hi1.COMMON, "Owner", d.owner());
        leaf(w, Hi1.COMMON, "Name", d.name());
        leaf(w, Hi1.COMMON, "Value", d.value());
        w.writeEndElement();
    }

    private static void leaf(XMLStreamWriter w, String ns, String element, String text) throws XMLStreamException {
        w.writeStartElement(ns, element);
        w.writeCharacters(text == null ? "" : text);
        w.writeEndElement();
    }

    private static String ts(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
