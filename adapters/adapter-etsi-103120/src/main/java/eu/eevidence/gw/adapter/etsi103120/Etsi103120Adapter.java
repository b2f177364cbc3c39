package eu.eevidence.gw.adapter.etsi103120;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.Operation;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PollRequest;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Adapter;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Answers;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Reader;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Writer;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import eu.eevidence.gw.adapter.api.AdapterError;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Error;

/**
 * ETSI TS 103 120 (HI-1) adapter, kind {@code etsi-103120}, for bilateral orders (UK COPO, US CLOUD Act agreements).
 *
 * <p>Delivery: {@code POST {endpoint}{hi1.path}} (default {@code hi1}) of one HI1Message. A production or preservation
 * is CREATE AuthorisationObject + CREATE LDTaskObject/LPTaskObject (target identifiers as RequestValues) + CREATE
 * DocumentObject carrying the sealed CMS base64 with its SHA-256 checksum; a withdrawal is UPDATE of the
 * authorisation to desired status Cancelled plus the sealed instruction as a Document; correspondence is a Document
 * associated with the order. Other follow-ups are rejected ({@code EEG-ADP-UNSUPPORTED-OPERATION}). The receipt id
 * of an order is its AuthorisationObject identifier.
 *
 * <p>Answers are polled: an HI-1 LIST, then one GET for every Notification, Delivery or Document object changed since
 * the cursor (an ISO instant of the last LastChanged seen; objects changed at that instant come again, and the
 * gateway stores answers once per answer id). Objects owned by this node are skipped.
 */
public final class Etsi103120Adapter extends Hi1Adapter {

    public static final String KIND = "etsi-103120";
    private static final Set<String> ANSWER_TYPES = Set.of("NotificationObject", "DeliveryObject", "DocumentObject");

    /** Used by {@link java.util.ServiceLoader}: 5 s to connect, 20 s for the answer, 4 MiB answers. */
    public Etsi103120Adapter() {
        this(new PortalHttp(Duration.ofSeconds(5), Duration.ofSeconds(20), 4 * 1024 * 1024), Clock.systemUTC());
    }

    /** {@code http} for deliveries; polls read answers up to {@link Hi1Reader#MAX_MESSAGE_BYTES} (they carry inline data). */
    public Etsi103120Adapter(PortalHttp http, Clock clock) {
        super(http, clock);
        this.polls = new PortalHttp(Duration.ofSeconds(5), http.requestTimeout(), Hi1Reader.MAX_MESSAGE_BYTES);
    }

    private final PortalHttp polls;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<AnswerChannel> answerChannels() {
        return Set.of(AnswerChannel.POLL);
    }

    @Override
    protected Profile profile() {
        return new Profile("V1.22.1", "XX", "v1.0", "ETSI");
    }

    @Override
    protected Optional<String> path(Operation operation, DeliveryRequest.Destination destination) {
        return switch (operation) {
            case PRODUCTION, PRESERVATION, WITHDRAWAL, CORRESPONDENCE -> Optional.of(hi1Path(destination));
            default -> Optional.empty();
        };
    }

    private static String hi1Path(DeliveryRequest.Destination d) {
        return d.setting("hi1.path", "hi1");
    }

    @Override
    protected String documentType(Operation operation, DeliveryRequest.Destination destination) {
        return switch (operation) {
            case CORRESPONDENCE -> "Correspondence";
            case WITHDRAWAL -> "Withdrawal";
            default -> "Warrant";
        };
    }

    @Override
    public PollOutcome poll(PollRequest request) {
        DeliveryRequest.Destination d = request.destination();
        Optional<Hi1.Party[]> parties = parties(d);
        if (parties.isEmpty()) {
            return new PollOutcome.Failed(AdapterError.ADP_CONFIG.code(), "platform " + d.platformId() + " lacks hi1.sender.* or hi1.receiver.* settings",
                    false, null);
        }
        Instant since = request.cursor() == null ? null : Hi1Reader.instantOrNull(request.cursor());
        if (request.cursor() != null && since == null) {
            return new PollOutcome.Failed(Hi1Error.POLL_BAD_CURSOR.code(), "the cursor is not an instant", false, null);
        }
        URI uri = d.endpoint().resolve(hi1Path(d));
        // 1. LIST
        Exchanged list = exchange(d, parties.get(), uri, List.of(new Hi1Writer.Action.ListObjects(null)));
        if (list.failure() != null) {
            return list.failure();
        }
        List<Hi1Reader.ListRecord> records = new ArrayList<>();
        for (Hi1Reader.ActionResponse r : list.message().responses()) {
            if (r.isError()) {
                return new PollOutcome.Failed(Hi1Error.HI1_ERROR.code(), "the portal refused the LIST: " + PortalHttp.sanitize(r.error().code()), false, null);
            }
            records.addAll(r.records());
        }
        List<Hi1Reader.ListRecord> changed = records.stream()
                .filter(r -> r.objectIdentifier() != null && r.lastChanged() != null && r.objectType() != null)
                .filter(r -> ANSWER_TYPES.contains(localType(r.objectType())))
                .filter(r -> since == null || !r.lastChanged().isBefore(since))
                .sorted(Comparator.comparing(Hi1Reader.ListRecord::lastChanged))
                .limit(request.maxAnswers())
                .toList();
        if (changed.isEmpty()) {
            return new PollOutcome.Answers(List.of(), request.cursor());
        }
        // 2. GET each changed object in one message
        List<Hi1Writer.Action> gets = changed.stream().map(r -> (Hi1Writer.Action) new Hi1Writer.Action.Get(r.objectIdentifier())).toList();
        Exchanged got = exchange(d, parties.get(), uri, gets);
        if (got.failure() != null) {
            return got.failure();
        }
        List<Element> objects = new ArrayList<>();
        for (Hi1Reader.ActionResponse r : got.message().responses()) {
            if (r.isError()) {
                continue; // an object may have gone between LIST and GET; it is listed again next time if it still exists
            }
            for (Element o : r.objects()) {
                if (!parties.get()[0].uniqueIdentifier().equals(Hi1Reader.text(o, "OwnerIdentifier"))) {
                    objects.add(o);
                }
            }
        }
        try {
            List<PortalAnswer> answers = Hi1Answers.map(objects, got.message().header().timestamp(), got.body());
            String next = changed.get(changed.size() - 1).lastChanged().toString();
            return new PollOutcome.Answers(answers, next);
        } catch (Hi1Reader.Hi1Exception e) {
            return new PollOutcome.Failed(e.code(), e.getMessage(), true, null);
        }
    }

    private static String localType(String t) {
        int colon = t.indexOf(':');
        return colon < 0 ? t : t.substring(colon + 1);
    }

    private record Exchanged(Hi1Reader.Message message, byte[] body, PollOutcome.Failed failure) {
    }

    private Exchanged exchange(DeliveryRequest.Destination d, Hi1.Party[] parties, URI uri, List<Hi1Writer.Action> actions) {
        String tx = UUID.randomUUID().toString();
        byte[] message = Hi1Writer.request(header(d, parties, tx), actions);
        PortalHttp.Exchange ex = polls.exchange(HttpRequest.newBuilder(uri)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)), d.tls());
        if (ex instanceof PortalHttp.Exchange.Failed f) {
            return new Exchanged(null, null, new PollOutcome.Failed(AdapterError.pollCodeOf(f.code()), f.reason(), true, null));
        }
        PortalHttp.Exchange.Answered a = (PortalHttp.Exchange.Answered) ex;
        if (a.status() < 200 || a.status() >= 300) {
            return new Exchanged(null, null, PortalHttp.classifyPollFailure(a.status(), a.headers()));
        }
        try {
            Hi1Reader.Message m = Hi1Reader.read(a.body());
            if (!tx.equals(m.header().transactionId())) {
                return new Exchanged(null, null, new PollOutcome.Failed(Hi1Error.POLL_CROSS_ANSWER.code(), "the portal's answer names another transaction",
                        true, null));
            }
            if (m.error() != null) {
                return new Exchanged(null, null, new PollOutcome.Failed(Hi1Error.HI1_ERROR.code(), "the portal refused the poll: "
                        + PortalHttp.sanitize(m.error().code()), false, null));
            }
            return new Exchanged(m, a.body(), null);
        } catch (Hi1Reader.Hi1Exception e) {
            return new Exchanged(null, null, new PollOutcome.Failed(Hi1Error.POLL_BAD_ANSWER.code(), "the portal's answer is not an HI-1 message (" + e.code()
                    + ")", true, null));
        }
    }
}
