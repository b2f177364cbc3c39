package eu.eevidence.gw.adapter.etsi.hi1;

import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.api.RefusalReason;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the HI-1 objects a portal sends back into {@link PortalAnswer}s.
 *
 * <ul>
 * <li>NotificationObject (TS 103 120 cl. 7.4): by NotificationType value (any owner; TS 104 144 EPOCNotificationType
 *     values included): a Form 3 reason code (e.g. {@code DataNotHeld}), or {@code NonExecution} with a
 *     {@code ReasonCode} element anywhere in the object (TS 104 144 Form3Information, cl. 6.4.4) -&gt; Refused;
 *     {@code DataPreserved}/{@code Preserved} -&gt; PreservationConfirmed (until: a {@code PreservedUntil} or
 *     {@code EndTime} element in the object, if any); {@code ConfirmationOfWithdrawal}/{@code WithdrawalConfirmed}
 *     -&gt; WithdrawalConfirmed; {@code RequestAdditionalInformation}/{@code RequestForClarification} -&gt;
 *     ClarificationRequested (the question is NotificationDetails); {@code Received}/{@code Acknowledged}/
 *     {@code RequestReceived} -&gt; Acknowledged; anything else -&gt; Correspondence (nothing is dropped).</li>
 * <li>DeliveryObject (namespace .../2019/10/Delivery): one item per object; DeliveryID, SequenceNumber (the part),
 *     LastSequence; {@code Delivery/Binary} (Data base64, ContentType, Checksum, ChecksumType SHA-256) inline, or
 *     {@code Delivery/ExternalReference} (URI, ContentType, Size, Checksum) for items above the in-band limit
 *     (the pull URL of TS 104 144 cl. 6.3.3; element names of this project's profile).</li>
 * <li>DocumentObject (cl. 7.3) from the portal: correspondence, or a clarification request when its DocumentType
 *     value is {@code RequestAdditionalInformation}.</li>
 * </ul>
 * The answer's {@code reference} is the first AssociatedObject (the authorisation object id the node created, which
 * is also the {@code receiptId} of its delivery). Other object types are ignored. Duplicates (same ObjectIdentifier)
 * are kept once.
 */
public final class Hi1Answers {

    private Hi1Answers() {
    }

    /** Maps every object; {@code fallbackTime} (the header timestamp) dates objects without a timestamp. */
    public static List<PortalAnswer> map(Collection<Element> objects, Instant fallbackTime, byte[] raw) throws Hi1Reader.Hi1Exception {
        Map<String, PortalAnswer> out = new LinkedHashMap<>();
        for (Element o : objects) {
            Optional<PortalAnswer> a = map(o, fallbackTime, raw);
            if (a.isPresent()) {
                out.putIfAbsent(a.get().answerId(), a.get());
            }
        }
        return new ArrayList<>(out.values());
    }

    static Optional<PortalAnswer> map(Element o, Instant fallbackTime, byte[] raw) throws Hi1Reader.Hi1Exception {
        String type = Hi1Reader.xsiType(o);
        String id = Hi1Reader.text(o, "ObjectIdentifier");
        if (type == null || id == null) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_OBJECT.code(), "an HI1Object lacks its xsi:type or ObjectIdentifier");
        }
        String reference = Hi1Reader.textAt(o, "AssociatedObjects", "AssociatedObject");
        Instant lastChanged = Hi1Reader.instantOrNull(Hi1Reader.text(o, "LastChanged"));
        return switch (type) {
            case "NotificationObject" -> Optional.of(notification(o, id, reference, firstNonNull(
                    Hi1Reader.instantOrNull(Hi1Reader.text(o, "NotificationTimestamp")), lastChanged, fallbackTime), raw));
            case "DeliveryObject" -> Optional.of(delivery(o, id, reference, firstNonNull(lastChanged, fallbackTime), raw));
            case "DocumentObject" -> Optional.of(document(o, id, reference, firstNonNull(lastChanged, fallbackTime), raw));
            default -> Optional.empty();
        };
    }

    private static PortalAnswer notification(Element o, String id, String ref, Instant at, byte[] raw) throws Hi1Reader.Hi1Exception {
        String value = Hi1Reader.textAt(o, "NotificationType", "Value");
        String details = Optional.ofNullable(Hi1Reader.text(o, "NotificationDetails")).map(PortalHttp::sanitizeLong).orElse("");
        if (value == null) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_OBJECT.code(), "a NotificationObject has no NotificationType value");
        }
        Optional<RefusalReason> direct = RefusalReason.fromWire(value);
        if (direct.isPresent()) {
            return new PortalAnswer.Refused(id, null, ref, at, direct.get(), details, raw);
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "nonexecution", "form3", "impossibilitytoexecute" -> {
                String code = descendantText(o, "ReasonCode");
                RefusalReason reason = RefusalReason.fromWire(code).orElseThrow(() -> new Hi1Reader.Hi1Exception(Hi1Error.HI1_UNKNOWN_REASON.code(),
                        "a non-execution notice has no known Form 3 reason code"));
                return new PortalAnswer.Refused(id, null, ref, at, reason, details, raw);
            }
            case "datapreserved", "preserved" -> {
                Instant until = Hi1Reader.instantOrNull(Optional.ofNullable(descendantText(o, "PreservedUntil")).orElse(descendantText(o, "EndTime")));
                return new PortalAnswer.PreservationConfirmed(id, null, ref, at, until, raw);
            }
            case "confirmationofwithdrawal", "withdrawalconfirmed" -> {
                return new PortalAnswer.WithdrawalConfirmed(id, null, ref, at, raw);
            }
            case "requestadditionalinformation", "requestforclarification", "clarification" -> {
                return new PortalAnswer.ClarificationRequested(id, null, ref, at, details, raw);
            }
            case "received", "acknowledged", "requestreceived", "acknowledgement" -> {
                return new PortalAnswer.Acknowledged(id, null, ref, at, raw);
            }
            default -> {
                return new PortalAnswer.Correspondence(id, null, ref, at, PortalHttp.sanitize(value), details, raw);
            }
        }
    }

    private static PortalAnswer delivery(Element o, String id, String ref, Instant at, byte[] raw) throws Hi1Reader.Hi1Exception {
        String deliveryId = Hi1Reader.text(o, "DeliveryID");
        String seq = Hi1Reader.text(o, "SequenceNumber");
        String last = Hi1Reader.text(o, "LastSequence");
        Element delivery = Hi1Reader.child(o, "Delivery").orElse(null);
        if (deliveryId == null || seq == null || delivery == null) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_OBJECT.code(), "a DeliveryObject lacks DeliveryID, SequenceNumber or Delivery");
        }
        int part;
        try {
            part = Integer.parseInt(seq);
        } catch (NumberFormatException e) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_OBJECT.code(), "a DeliveryObject's SequenceNumber is not a number");
        }
        if (part < 1) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_OBJECT.code(), "a DeliveryObject's SequenceNumber is below 1");
        }
        String itemId = deliveryId + "#" + part;
        PortalAnswer.ManifestItem item;
        try {
            Optional<Element> binary = Hi1Reader.child(delivery, "Binary");
            Optional<Element> external = Hi1Reader.child(delivery, "ExternalReference");
            if (binary.isPresent()) {
                Element b = binary.get();
                checksumType(b);
                byte[] data = Base64.getMimeDecoder().decode(Optional.ofNullable(Hi1Reader.text(b, "Data")).orElse(""));
                item = new PortalAnswer.ManifestItem(itemId, mediaType(b), data.length, require(b, "Checksum"), data, null);
            } else if (external.isPresent()) {
                Element x = external.get();
                checksumType(x);
                long size = Long.parseLong(require(x, "Size"));
                String sha = require(x, "Checksum");
                URI uri = new URI(require(x, "URI"));
                item = new PortalAnswer.ManifestItem(itemId, mediaType(x), size, sha, null, new PortalAnswer.DownloadReference(uri, size, sha));
            } else {
                throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_OBJECT.code(), "a Delivery has neither Binary nor ExternalReference");
            }
        } catch (IllegalArgumentException | URISyntaxException e) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_ITEM.code(), "a delivered item is malformed or does not match its checksum or size");
        }
        return new PortalAnswer.DataDelivery(id, null, ref, at, part, "true".equalsIgnoreCase(last), List.of(item), raw);
    }

    private static PortalAnswer document(Element o, String id, String ref, Instant at, byte[] raw) {
        String type = Optional.ofNullable(Hi1Reader.textAt(o, "DocumentType", "Value")).orElse("Correspondence");
        String contentType = Hi1Reader.textAt(o, "DocumentBody", "ContentType");
        String contents = Hi1Reader.textAt(o, "DocumentBody", "Contents");
        String text;
        if (contents == null) {
            text = Optional.ofNullable(Hi1Reader.text(o, "DocumentName")).orElse("");
        } else {
            byte[] body;
            try {
                body = Base64.getMimeDecoder().decode(contents);
            } catch (IllegalArgumentException e) {
                body = new byte[0];
            }
            text = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/")
                    ? PortalHttp.sanitizeLong(new String(body, StandardCharsets.UTF_8))
                    : "[" + PortalHttp.sanitize(contentType == null ? "document" : contentType) + ", " + body.length + " bytes]";
        }
        if ("requestadditionalinformation".equalsIgnoreCase(type)) {
            return new PortalAnswer.ClarificationRequested(id, null, ref, at, text, raw);
        }
        return new PortalAnswer.Correspondence(id, null, ref, at, PortalHttp.sanitize(type), text, raw);
    }

    private static void checksumType(Element e) throws Hi1Reader.Hi1Exception {
        String t = Hi1Reader.text(e, "ChecksumType");
        if (t != null && !t.replace("-", "").equalsIgnoreCase("SHA256")) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_ITEM.code(), "only SHA-256 checksums are accepted");
        }
    }

    private static String mediaType(Element e) {
        return Optional.ofNullable(Hi1Reader.text(e, "ContentType")).orElse("application/octet-stream");
    }

    private static String require(Element e, String local) throws Hi1Reader.Hi1Exception {
        String v = Hi1Reader.text(e, local);
        if (v == null) {
            throw new Hi1Reader.Hi1Exception(Hi1Error.HI1_BAD_ITEM.code(), "a delivered item lacks " + local);
        }
        return v;
    }

    private static String descendantText(Element o, String local) {
        NodeList l = o.getElementsByTagNameNS("*", local);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static Instant firstNonNull(Instant... values) {
        for (Instant v : values) {
            if (v != null) {
                return v;
            }
        }
        return Instant.EPOCH;
    }
}
