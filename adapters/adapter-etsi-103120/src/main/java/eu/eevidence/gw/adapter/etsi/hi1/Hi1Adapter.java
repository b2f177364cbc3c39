package eu.eevidence.gw.adapter.etsi.hi1;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.Operation;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.api.PortalHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import eu.eevidence.gw.adapter.api.AdapterError;

/**
 * Delivery over HI-1 shared by the TS 103 120 and TS 104 144 adapters: builds the request message, posts it with the
 * {@code Idempotency-Key}, and accepts only a response that is an HI1Message whose TransactionIdentifier is this
 * delivery's, whose receiver is this node, and which answers every action with a CREATEResponse/UPDATEResponse naming
 * the very object created or updated. The TransactionIdentifier and every ObjectIdentifier are derived from the
 * idempotency key, so every attempt sends the same message identities.
 *
 * <p>Destination settings: {@code hi1.sender.country}, {@code hi1.sender.id}, {@code hi1.receiver.country},
 * {@code hi1.receiver.id} (required); {@code hi1.etsiVersion}, {@code hi1.profile.owner}, {@code hi1.profile.version},
 * {@code hi1.dictionary.owner} (defaults per adapter).
 *
 * <p>Codes, besides those of {@link PortalHttp}: EEG-ADP-UNSUPPORTED-MESSAGE, EEG-ADP-UNSUPPORTED-OPERATION,
 * EEG-ADP-NO-RELATED-ORDER, EEG-ADP-CONFIG (rejected before sending); EEG-DLV-BAD-RECEIPT, EEG-DLV-CROSS-RECEIPT
 * (retryable); EEG-HI1-ERROR (the portal's ErrorInformation; rejected).
 */
public abstract class Hi1Adapter implements PlatformAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Hi1Adapter.class);
    public static final String CONTENT_TYPE = "application/xml";

    protected final PortalHttp http;
    protected final Clock clock;

    protected Hi1Adapter(PortalHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** Profile defaults of an adapter. */
    public record Profile(String etsiVersion, String profileOwner, String profileVersion, String dictionaryOwner) {
    }

    protected abstract Profile profile();

    /** The removal order of the catalogue: no HI-1 operation carries it (docs/design/removal-orders.md). */
    protected static final String REMOVAL_ORDER = "CONTENT_REMOVAL_ORDER";

    /**
     * TS 103 120 defines authorisations with lawful disclosure and preservation tasks (LDTaskObject, LPTaskObject) and
     * documents, but no task to remove or disable content: a removal order is refused at submission
     * ({@code EEG-HI1-REMOVAL-UNSUPPORTED}) rather than sent as a disclosure or a loose document.
     */
    @Override
    public Optional<Unsupported> unsupported(String messageType) {
        if (REMOVAL_ORDER.equals(messageType)) {
            return Optional.of(new Unsupported(Hi1Error.HI1_REMOVAL_UNSUPPORTED.code(), "the platform's channel (" + kind()
                    + ", ETSI TS 103 120) has no operation to remove content; send the removal order through a json-portal or manual-pdf"
                    + " channel of the platform"));
        }
        return Optional.empty();
    }

    /** The path (relative to the destination endpoint) an operation is posted to; empty when unsupported. */
    protected abstract Optional<String> path(Operation operation, DeliveryRequest.Destination destination);

    /** The DocumentType value of the document carrying the sealed message of {@code operation}. */
    protected abstract String documentType(Operation operation, DeliveryRequest.Destination destination);

    /** The sender and receiver of the destination, or empty when the settings lack them. */
    protected static Optional<Hi1.Party[]> parties(DeliveryRequest.Destination d) {
        String sc = d.setting("hi1.sender.country", null);
        String si = d.setting("hi1.sender.id", null);
        String rc = d.setting("hi1.receiver.country", null);
        String ri = d.setting("hi1.receiver.id", null);
        if (sc == null || si == null || rc == null || ri == null) {
            return Optional.empty();
        }
        return Optional.of(new Hi1.Party[]{new Hi1.Party(sc, si), new Hi1.Party(rc, ri)});
    }

    protected Hi1Writer.Header header(DeliveryRequest.Destination d, Hi1.Party[] parties, String transactionId) {
        Profile p = profile();
        return new Hi1Writer.Header(parties[0], parties[1], transactionId, clock.instant(), d.setting("hi1.etsiVersion", p.etsiVersion()),
                d.setting("hi1.profile.owner", p.profileOwner()), d.setting("hi1.profile.version", p.profileVersion()));
    }

    /** The operations with a path in this adapter's profile ({@link #path}), whatever the destination's settings. */
    @Override
    public boolean supports(Operation operation) {
        return path(operation, new DeliveryRequest.Destination("-", URI.create("https://capability.invalid/"), null)).isPresent();
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
        DeliveryRequest.Destination d = request.destination();
        Optional<Operation> op = request.operation();
        if (op.isEmpty()) {
            return new DeliveryOutcome.Rejected(Hi1Error.ADP_UNSUPPORTED_MESSAGE.code(), "message type " + request.messageType() + " has no " + kind()
                    + " operation", 0);
        }
        Optional<String> path = path(op.get(), d);
        if (path.isEmpty()) {
            return new DeliveryOutcome.Rejected(Hi1Error.ADP_UNSUPPORTED_OPERATION.code(), kind() + " cannot carry " + op.get(), 0);
        }
        if (op.get().followUp() && request.context().relatedReceiptId() == null) {
            return new DeliveryOutcome.Rejected(Hi1Error.ADP_NO_RELATED_ORDER.code(), op.get() + " needs the receipt id of the order it follows", 0);
        }
        Optional<Hi1.Party[]> parties = parties(d);
        if (parties.isEmpty()) {
            return new DeliveryOutcome.Rejected(AdapterError.ADP_CONFIG.code(), "platform " + d.platformId()
                    + " lacks hi1.sender.* or hi1.receiver.* settings", 0);
        }
        String key = request.idempotencyKey();
        String tx = Hi1.uuid(key + ":tx");
        Built built = actions(op.get(), request, parties.get()[0]);
        byte[] message = Hi1Writer.request(header(d, parties.get(), tx), built.actions());
        URI uri = d.endpoint().resolve(path.get());
        PortalHttp.Exchange ex = http.exchange(HttpRequest.newBuilder(uri)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)), d.tls());
        if (ex instanceof PortalHttp.Exchange.Failed f) {
            return new DeliveryOutcome.RetryableFailure(f.code(), f.reason(), null);
        }
        PortalHttp.Exchange.Answered a = (PortalHttp.Exchange.Answered) ex;
        if (a.status() < 200 || a.status() >= 300) {
            DeliveryOutcome o = PortalHttp.classifyFailure(a.status(), a.headers(), errorText(a.body()));
            if (o instanceof DeliveryOutcome.Rejected r && AdapterError.DLV_REDIRECT.code().equals(r.code())) {
                LOG.warn(AdapterError.DLV_REDIRECT.code() + " portal {} answered {} (redirect not followed)", d.platformId(), a.status());
            }
            return o;
        }
        return receipt(request, parties.get()[0], tx, built, a);
    }

    /** The actions of one message, the object each action creates or updates (by action index), and the receipt id. */
    public record Built(List<Hi1Writer.Action> actions, Map<Integer, String> expected, String receiptId) {
    }

    /** Builds the actions: a new order is Authorisation + Task + Document; a follow-up a Document (+ an UPDATE). */
    protected Built actions(Operation op, DeliveryRequest r, Hi1.Party sender) {
        String key = r.idempotencyKey();
        String auth = Hi1.uuid(key + ":auth");
        String task = Hi1.uuid(key + ":task");
        String doc = Hi1.uuid(key + ":doc");
        String owner = r.destination().setting("hi1.dictionary.owner", profile().dictionaryOwner());
        List<Hi1Writer.Action> actions = new ArrayList<>();
        Map<Integer, String> expected = new HashMap<>();
        String related = r.context().relatedReceiptId();
        Hi1Writer.Action document = new Hi1Writer.Action.CreateDocument(doc, sender.countryCode(), sender.uniqueIdentifier(),
                related == null ? List.of(auth) : List.of(related), r.requestId(), r.requestId() + ".p7m",
                new Hi1Writer.Dict(owner, "DocumentType", documentType(op, r.destination())), r.payload(), "application/pkcs7-mime", r.payloadSha256());
        String receipt;
        switch (op) {
            case PRODUCTION, PRESERVATION, SUBSEQUENT_PRODUCTION -> {
                boolean preservation = op == Operation.PRESERVATION;
                actions.add(new Hi1Writer.Action.CreateAuthorisation(auth, sender.countryCode(), sender.uniqueIdentifier(), r.requestId(),
                        new Hi1Writer.Dict(owner, "AuthorisationLegalType", documentType(op, r.destination())),
                        new Hi1Writer.Dict("ETSI", "AuthorisationDesiredStatus", "SubmittedToCSP"), clock.instant(), r.context().deadline()));
                expected.put(0, auth);
                actions.add(new Hi1Writer.Action.CreateTask(task, preservation, sender.countryCode(), sender.uniqueIdentifier(), auth,
                        sender.countryCode() + "-" + sender.uniqueIdentifier() + "-" + r.requestId(),
                        new Hi1Writer.Dict("ETSI", preservation ? "LPTaskDesiredStatus" : "LDTaskDesiredStatus", preservation ? "Preserved" : "AwaitingDisclosure"),
                        new Hi1Writer.Dict(owner, "RequestType", preservation ? "Preservation" : "Disclosure"), r.context().identifiers(), null));
                expected.put(1, task);
                document = new Hi1Writer.Action.CreateDocument(doc, sender.countryCode(), sender.uniqueIdentifier(),
                        related == null ? List.of(auth) : List.of(auth, related), r.requestId(), r.requestId() + ".p7m",
                        new Hi1Writer.Dict(owner, "DocumentType", documentType(op, r.destination())), r.payload(), "application/pkcs7-mime", r.payloadSha256());
                actions.add(document);
                expected.put(2, doc);
                receipt = auth;
            }
            case WITHDRAWAL -> {
                actions.add(new Hi1Writer.Action.UpdateAuthorisation(related, new Hi1Writer.Dict("ETSI", "AuthorisationDesiredStatus", "Cancelled")));
                expected.put(0, related);
                actions.add(document);
                expected.put(1, doc);
                receipt = doc;
            }
            default -> {
                actions.add(document);
                expected.put(0, doc);
                receipt = doc;
            }
        }
        return new Built(actions, expected, receipt);
    }

    private DeliveryOutcome receipt(DeliveryRequest request, Hi1.Party sender, String tx, Built built, PortalHttp.Exchange.Answered a) {
        Hi1Reader.Message m;
        try {
            m = Hi1Reader.read(a.body());
        } catch (Hi1Reader.Hi1Exception e) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's answer is not an HI-1 message (" + e.code() + ")",
                    null);
        }
        if (!tx.equals(m.header().transactionId()) || !sender.equals(m.header().receiver())) {
            LOG.error(AdapterError.DLV_CROSS_RECEIPT.code() + " portal {} answered transaction {} while {} was delivered for request {}",
                    request.destination().platformId(),
                    PortalHttp.sanitize(m.header().transactionId()), tx, request.requestId());
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_CROSS_RECEIPT.code(), "the portal's answer names another transaction or receiver",
                    null);
        }
        if (m.error() != null) {
            return new DeliveryOutcome.Rejected(Hi1Error.HI1_ERROR.code(), "the portal refused the message: " + PortalHttp.sanitize(m.error().code()) + " "
                    + PortalHttp.sanitize(m.error().description()), a.status());
        }
        Map<String, Hi1Reader.ActionResponse> byAction = new HashMap<>();
        for (Hi1Reader.ActionResponse r : m.responses()) {
            byAction.put(r.actionId(), r);
        }
        for (Map.Entry<Integer, String> e : built.expected().entrySet()) {
            Hi1Reader.ActionResponse r = byAction.get(Integer.toString(e.getKey()));
            if (r == null) {
                return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's answer lacks the response to action "
                        + e.getKey(), null);
            }
            if (r.isError()) {
                return new DeliveryOutcome.Rejected(Hi1Error.HI1_ERROR.code(), "the portal refused action " + e.getKey() + ": "
                        + PortalHttp.sanitize(r.error().code())
                        + " " + PortalHttp.sanitize(r.error().description()), a.status());
            }
            if (!("CREATEResponse".equals(r.kind()) || "UPDATEResponse".equals(r.kind())) || !e.getValue().equals(r.identifier())) {
                return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_CROSS_RECEIPT.code(), "the portal's response to action " + e.getKey()
                        + " names another object", null);
            }
        }
        return new DeliveryOutcome.Delivered(built.receiptId(), m.header().timestamp(), DeliveryOutcome.Acknowledgement.RECEIVED, null, a.body());
    }

    /** The ErrorInformation of an HI-1 error answer, sanitised; empty when the body is no such message. */
    protected static String errorText(byte[] body) {
        try {
            Hi1Reader.Message m = Hi1Reader.read(body);
            Hi1Reader.Error e = m.error() != null ? m.error()
                    : m.responses().stream().filter(Hi1Reader.ActionResponse::isError).map(Hi1Reader.ActionResponse::error).findFirst().orElse(null);
            return e == null ? "" : PortalHttp.sanitize(e.code() + " " + e.description());
        } catch (Hi1Reader.Hi1Exception ex) {
            return "";
        }
    }
}
