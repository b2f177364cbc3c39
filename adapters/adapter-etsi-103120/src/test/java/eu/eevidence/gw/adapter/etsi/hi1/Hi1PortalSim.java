package eu.eevidence.gw.adapter.etsi.hi1;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.w3c.dom.Element;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A portal speaking HI-1 behind a WireMock stub (test support, shared with the TS 104 144 tests). It answers each
 * action of a request message: CREATE/UPDATE with the object's identifier, LIST with the objects it holds for the
 * requester, GET with the object. A request's effects apply once per Idempotency-Key. {@link #mode} injects
 * protocol faults.
 */
public final class Hi1PortalSim implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "hi1-portal";

    /** Protocol faults. */
    public enum Mode { OK, CROSS_TRANSACTION, WRONG_RECEIVER, WRONG_OBJECT, ACTION_ERROR, TOP_ERROR, MISSING_RESPONSE }

    public volatile Mode mode = Mode.OK;
    /** Idempotency keys applied (each once), in order. */
    public final Set<String> applied = ConcurrentHashMap.newKeySet();
    /** Objects it holds for the requester: id -&gt; (type, lastChanged, xml fragment of the HI1Object). */
    public final Map<String, Held> held = new LinkedHashMap<>();
    /** When a LIST lists an object twice (a duplicate answer). */
    public volatile boolean listTwice;

    public record Held(String type, Instant lastChanged, String xml) {
    }

    public synchronized void hold(String id, String type, Instant lastChanged, String xml) {
        held.put(id, new Held(type, lastChanged, xml));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Hi1Reader.Message m;
        try {
            m = Hi1Reader.read(event.getRequest().getBody());
        } catch (Hi1Reader.Hi1Exception e) {
            return new ResponseDefinitionBuilder().withStatus(400).withBody("not HI-1: " + e.code()).build();
        }
        String key = event.getRequest().getHeader("Idempotency-Key");
        if (key != null) {
            applied.add(key);
        }
        Hi1.Party sender = m.header().sender();
        Hi1.Party receiver = m.header().receiver();
        String tx = mode == Mode.CROSS_TRANSACTION ? UUID.randomUUID().toString() : m.header().transactionId();
        Hi1.Party to = mode == Mode.WRONG_RECEIVER ? new Hi1.Party("ZZ", "someone-else") : sender;
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><HI1Message xmlns=\"").append(Hi1.CORE).append("\" xmlns:xsi=\"").append(Hi1.XSI)
                .append("\" xmlns:common=\"").append(Hi1.COMMON).append("\"><Header>")
                .append(party("SenderIdentifier", receiver)).append(party("ReceiverIdentifier", to))
                .append("<TransactionIdentifier>").append(tx).append("</TransactionIdentifier><Timestamp>2026-11-25T10:00:00Z</Timestamp>")
                .append("<Version><ETSIVersion>V1.22.1</ETSIVersion><NationalProfileOwner>XX</NationalProfileOwner><NationalProfileVersion>v1.0</NationalProfileVersion></Version>")
                .append("</Header><Payload><ResponsePayload>");
        if (mode == Mode.TOP_ERROR) {
            b.append("<ErrorInformation><ErrorCode>2001</ErrorCode><ErrorDescription>authorisation not recognised</ErrorDescription></ErrorInformation>");
        } else {
            b.append("<ActionResponses>");
            List<Hi1Reader.ActionRequest> requests = m.requests();
            for (int i = 0; i < requests.size(); i++) {
                if (mode == Mode.MISSING_RESPONSE && i == requests.size() - 1) {
                    break;
                }
                Hi1Reader.ActionRequest r = requests.get(i);
                b.append("<ActionResponse><ActionIdentifier>").append(r.actionId()).append("</ActionIdentifier>");
                if (mode == Mode.ACTION_ERROR && i == 0) {
                    b.append("<ErrorInformation><ErrorCode>3001</ErrorCode><ErrorDescription>identifier format not supported</ErrorDescription></ErrorInformation>");
                } else {
                    switch (r.verb()) {
                        case "CREATE", "UPDATE" -> {
                            Element o = r.objects().get(0);
                            String id = mode == Mode.WRONG_OBJECT ? UUID.randomUUID().toString() : Hi1Reader.text(o, "ObjectIdentifier");
                            b.append("<").append(r.verb()).append("Response><Identifier>").append(id).append("</Identifier></").append(r.verb()).append("Response>");
                        }
                        case "LIST" -> {
                            b.append("<LISTResponse>");
                            for (Map.Entry<String, Held> h : snapshot().entrySet()) {
                                String rec = "<ListResponseRecord><ObjectType>" + h.getValue().type() + "</ObjectType><ObjectIdentifier>" + h.getKey()
                                        + "</ObjectIdentifier><Generation>1</Generation><LastChanged>" + h.getValue().lastChanged() + "</LastChanged></ListResponseRecord>";
                                b.append(rec);
                                if (listTwice) {
                                    b.append(rec);
                                }
                            }
                            b.append("</LISTResponse>");
                        }
                        case "GET" -> {
                            String id = Hi1Reader.text(findVerb(event.getRequest().getBody(), r), "Identifier");
                            Held h = snapshot().get(id);
                            if (h == null) {
                                b.append("<ErrorInformation><ErrorCode>1004</ErrorCode><ErrorDescription>no such object</ErrorDescription></ErrorInformation>");
                            } else {
                                b.append("<GETResponse>").append(h.xml()).append("</GETResponse>");
                            }
                        }
                        default -> b.append("<ErrorInformation><ErrorCode>1000</ErrorCode><ErrorDescription>unsupported</ErrorDescription></ErrorInformation>");
                    }
                }
                b.append("</ActionResponse>");
            }
            b.append("</ActionResponses>");
        }
        b.append("</ResponsePayload></Payload></HI1Message>");
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/xml").withBody(b.toString()).build();
    }

    private synchronized Map<String, Held> snapshot() {
        return new LinkedHashMap<>(held);
    }

    private static Element findVerb(byte[] body, Hi1Reader.ActionRequest r) {
        try {
            Element root = Hi1Reader.parse(body).getDocumentElement();
            Element ars = Hi1Reader.child(Hi1Reader.child(Hi1Reader.child(root, "Payload").orElseThrow(), "RequestPayload").orElseThrow(), "ActionRequests").orElseThrow();
            for (Element ar : Hi1Reader.children(ars, "ActionRequest")) {
                if (r.actionId().equals(Hi1Reader.text(ar, "ActionIdentifier"))) {
                    return Hi1Reader.child(ar, r.verb()).orElseThrow();
                }
            }
        } catch (Hi1Reader.Hi1Exception e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no action " + r.actionId());
    }

    private static String party(String element, Hi1.Party p) {
        return "<" + element + "><CountryCode>" + p.countryCode() + "</CountryCode><UniqueIdentifier>" + p.uniqueIdentifier() + "</UniqueIdentifier></" + element + ">";
    }

    // ---- answer objects a test puts on the portal ----

    public static String notification(String id, String associated, String type, String details, Instant at, String extra) {
        return "<HI1Object xmlns:n=\"" + Hi1.NOTIFICATION + "\" xsi:type=\"n:NotificationObject\"><ObjectIdentifier>" + id + "</ObjectIdentifier>"
                + "<CountryCode>XX</CountryCode><OwnerIdentifier>PLATFORM</OwnerIdentifier>"
                + "<AssociatedObjects><AssociatedObject>" + associated + "</AssociatedObject></AssociatedObjects>"
                + "<n:NotificationDetails>" + details + "</n:NotificationDetails>"
                + "<n:NotificationType><common:Owner>EU</common:Owner><common:Name>EPOCNotificationType</common:Name><common:Value>" + type + "</common:Value></n:NotificationType>"
                + "<n:NewNotification>true</n:NewNotification><n:NotificationTimestamp>" + at + "</n:NotificationTimestamp>" + extra + "</HI1Object>";
    }

    public static String inlineDelivery(String id, String associated, String deliveryId, int seq, boolean last, byte[] data, String sha256) {
        return "<HI1Object xmlns:d=\"" + Hi1.DELIVERY + "\" xsi:type=\"d:DeliveryObject\"><ObjectIdentifier>" + id + "</ObjectIdentifier>"
                + "<AssociatedObjects><AssociatedObject>" + associated + "</AssociatedObject></AssociatedObjects>"
                + "<d:DeliveryID>" + deliveryId + "</d:DeliveryID><d:SequenceNumber>" + seq + "</d:SequenceNumber><d:LastSequence>" + last + "</d:LastSequence>"
                + "<d:Delivery><d:Binary><d:Data>" + java.util.Base64.getEncoder().encodeToString(data) + "</d:Data><d:ContentType>text/csv</d:ContentType>"
                + "<d:Checksum>" + sha256 + "</d:Checksum><d:ChecksumType>SHA-256</d:ChecksumType></d:Binary></d:Delivery></HI1Object>";
    }

    public static String externalDelivery(String id, String associated, String deliveryId, int seq, boolean last, String uri, long size, String sha256) {
        return "<HI1Object xmlns:d=\"" + Hi1.DELIVERY + "\" xsi:type=\"d:DeliveryObject\"><ObjectIdentifier>" + id + "</ObjectIdentifier>"
                + "<AssociatedObjects><AssociatedObject>" + associated + "</AssociatedObject></AssociatedObjects>"
                + "<d:DeliveryID>" + deliveryId + "</d:DeliveryID><d:SequenceNumber>" + seq + "</d:SequenceNumber><d:LastSequence>" + last + "</d:LastSequence>"
                + "<d:Delivery><d:ExternalReference><d:URI>" + uri + "</d:URI><d:ContentType>application/zip</d:ContentType><d:Size>" + size + "</d:Size>"
                + "<d:Checksum>" + sha256 + "</d:Checksum><d:ChecksumType>SHA-256</d:ChecksumType></d:ExternalReference></d:Delivery></HI1Object>";
    }

    /** A whole pushed message (a portal's CREATE of answer objects), as TS 104 144 outbound endpoints carry. */
    public static String pushed(String tx, List<String> objects) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><HI1Message xmlns=\"" + Hi1.CORE + "\" xmlns:xsi=\"" + Hi1.XSI
                + "\" xmlns:common=\"" + Hi1.COMMON + "\"><Header>" + party("SenderIdentifier", new Hi1.Party("IE", "PLATFORM"))
                + party("ReceiverIdentifier", new Hi1.Party("XX", "NODE")) + "<TransactionIdentifier>" + tx + "</TransactionIdentifier>"
                + "<Timestamp>2026-11-25T10:00:00Z</Timestamp><Version><ETSIVersion>V1.22.1</ETSIVersion><NationalProfileOwner>EU</NationalProfileOwner>"
                + "<NationalProfileVersion>v1.3.1</NationalProfileVersion></Version></Header><Payload><RequestPayload><ActionRequests>");
        List<String> list = new ArrayList<>(objects);
        for (int i = 0; i < list.size(); i++) {
            b.append("<ActionRequest><ActionIdentifier>").append(i).append("</ActionIdentifier><CREATE>").append(list.get(i)).append("</CREATE></ActionRequest>");
        }
        return b.append("</ActionRequests></RequestPayload></Payload></HI1Message>").toString();
    }
}
