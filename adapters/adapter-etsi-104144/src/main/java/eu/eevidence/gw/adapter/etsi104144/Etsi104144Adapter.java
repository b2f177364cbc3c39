package eu.eevidence.gw.adapter.etsi104144;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.InboundMessage;
import eu.eevidence.gw.adapter.api.InboundReply;
import eu.eevidence.gw.adapter.api.Operation;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Adapter;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Answers;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import eu.eevidence.gw.adapter.api.AdapterError;

/**
 * EU e-Evidence adapter (Regulation (EU) 2023/1543) shaped after ETSI TS 104 144, kind {@code etsi-104144}.
 *
 * <p>Orders and follow-ups are HI-1 messages (the TS 103 120 object model, EU national profile) posted to the
 * provider-side endpoints of TS 104 144 Table 5.1-1, relative to the destination endpoint (setting
 * {@code eevidence.basePath}, default {@code eevidence/}):
 * <pre>
 * PRODUCTION             production            (EPOC, Form 1)
 * PRESERVATION           preservation          (EPOC-PR, Form 2)
 * SUBSEQUENT_PRODUCTION  subsequentproduction  (Form 5)
 * PRESERVATION_EXTENSION preservationextension (Form 6)
 * END_OF_PRESERVATION    endpreservation
 * NEW_DEADLINE           newdeadline
 * WITHDRAWAL             withdraw              (UPDATE of the authorisation to Cancelled + the sealed instruction)
 * CORRESPONDENCE         correspondence
 * </pre>
 * Each carries the sealed CMS as a DocumentObject; the DocumentType value defaults to the operation's form name
 * below and can be set per destination ({@code eevidence.documentType.<OPERATION>}) to the EPOCDocumentType values
 * of the profile in use (TS 104 144 Annex C, Table C.2-2; the dictionary was not available here to copy).
 *
 * <p>Answers are pushed by the provider to the node's endpoints of TS 104 144 Table 6.1-1 and handed to
 * {@link #receive}: {@code outcome} (DeliveryObjects: data, in parts; items above the in-band limit, 25 MB, by an
 * ExternalReference fetched with {@link #fetch}), {@code nonexecution} (Form 3, reason code), {@code datapreserved},
 * {@code confirmwithdrawal}, {@code correspondence}. A message whose objects do not fit its channel, or whose
 * receiver is not this node, is refused ({@code EEG-EEV-CHANNEL-MISMATCH}, {@code EEG-EEV-NOT-FOR-US}).
 * {@link #reply} answers the provider with an HI-1 response (a CREATEResponse per action, or ErrorInformation).
 */
public final class Etsi104144Adapter extends Hi1Adapter {

    public static final String KIND = "etsi-104144";
    private static final Logger LOG = LoggerFactory.getLogger(Etsi104144Adapter.class);

    private static final Map<Operation, String> PATHS = Map.of(
            Operation.PRODUCTION, "production",
            Operation.PRESERVATION, "preservation",
            Operation.SUBSEQUENT_PRODUCTION, "subsequentproduction",
            Operation.PRESERVATION_EXTENSION, "preservationextension",
            Operation.END_OF_PRESERVATION, "endpreservation",
            Operation.NEW_DEADLINE, "newdeadline",
            Operation.WITHDRAWAL, "withdraw",
            Operation.CORRESPONDENCE, "correspondence");

    private static final Map<Operation, String> DOCUMENT_TYPES = Map.of(
            Operation.PRODUCTION, "EPOC",
            Operation.PRESERVATION, "EPOCPR",
            Operation.SUBSEQUENT_PRODUCTION, "SubsequentProduction",
            Operation.PRESERVATION_EXTENSION, "PreservationExtension",
            Operation.END_OF_PRESERVATION, "EndPreservation",
            Operation.NEW_DEADLINE, "NewDeadline",
            Operation.WITHDRAWAL, "Withdrawal",
            Operation.CORRESPONDENCE, "Correspondence");

    /** The node-side channels (TS 104 144 Table 6.1-1) and the answers each may carry. */
    private static final Map<String, Predicate<PortalAnswer>> CHANNELS = Map.of(
            "outcome", a -> a instanceof PortalAnswer.DataDelivery,
            "nonexecution", a -> a instanceof PortalAnswer.Refused,
            "datapreserved", a -> a instanceof PortalAnswer.PreservationConfirmed,
            "confirmwithdrawal", a -> a instanceof PortalAnswer.WithdrawalConfirmed,
            "correspondence", a -> a instanceof PortalAnswer.Correspondence || a instanceof PortalAnswer.ClarificationRequested
                    || a instanceof PortalAnswer.Acknowledged);

    /** Used by {@link java.util.ServiceLoader}: 5 s to connect, 20 s for the answer, 1 MiB answers. */
    public Etsi104144Adapter() {
        this(new PortalHttp(Duration.ofSeconds(5), Duration.ofSeconds(20), 1024 * 1024), Clock.systemUTC());
    }

    public Etsi104144Adapter(PortalHttp http, Clock clock) {
        super(http, clock);
    }

    /** The stand-alone securing order of the catalogue (CM/Rec(2026)2 para. 33): not an EPOC-PR. */
    static final String SECURING_ORDER = "CONTENT_PRESERVATION_ORDER";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<AnswerChannel> answerChannels() {
        return Set.of(AnswerChannel.PUSH);
    }

    /**
     * TS 104 144 carries the e-Evidence Regulation's orders and their follow-ups (the operations above); the Regulation
     * has no removal order, so neither has the standard: a removal order is refused at submission
     * ({@code EEG-EEV-REMOVAL-UNSUPPORTED}). Its preservation is the Regulation's EPOC-PR (Form 2), issued in criminal
     * proceedings only (Art. 2(1)): a stand-alone securing order of CM/Rec(2026)2 para. 33, which does not depend on a
     * criminal process, is not one and is refused at submission with the same code rather than sent as an EPOC-PR.
     */
    @Override
    public Optional<Unsupported> unsupported(String messageType) {
        if (SECURING_ORDER.equals(messageType)) {
            return Optional.of(new Unsupported(Etsi104144Error.EEV_REMOVAL_UNSUPPORTED.code(), "the platform's channel (" + KIND
                    + ", ETSI TS 104 144 e-Evidence) carries the EPOC-PR of criminal proceedings only, not a securing order under civil or"
                    + " administrative law; send the preservation order through a json-portal or manual-pdf channel of the platform"));
        }
        if (REMOVAL_ORDER.equals(messageType)) {
            return Optional.of(new Unsupported(Etsi104144Error.EEV_REMOVAL_UNSUPPORTED.code(), "the platform's channel (" + KIND
                    + ", ETSI TS 104 144 e-Evidence) has no operation to remove content; send the removal order through a json-portal or"
                    + " manual-pdf channel of the platform"));
        }
        return Optional.empty();
    }

    @Override
    protected Profile profile() {
        return new Profile("V1.22.1", "EU", "v1.3.1", "EU");
    }

    @Override
    protected Optional<String> path(Operation operation, DeliveryRequest.Destination destination) {
        String base = destination.setting("eevidence.basePath", "eevidence/");
        return Optional.ofNullable(PATHS.get(operation)).map(p -> (base.endsWith("/") ? base : base + "/") + p);
    }

    @Override
    protected String documentType(Operation operation, DeliveryRequest.Destination destination) {
        return destination.setting("eevidence.documentType." + operation.name(), DOCUMENT_TYPES.get(operation));
    }

    @Override
    public PollOutcome receive(InboundMessage message) {
        String channel = message.channel().toLowerCase(Locale.ROOT);
        Predicate<PortalAnswer> fits = CHANNELS.get(channel);
        if (fits == null) {
            return new PollOutcome.Failed(Etsi104144Error.EEV_UNKNOWN_CHANNEL.code(), "no e-Evidence answer channel " + PortalHttp.sanitize(message.channel()),
                    false, null);
        }
        Hi1Reader.Message m;
        try {
            m = Hi1Reader.read(message.body());
        } catch (Hi1Reader.Hi1Exception e) {
            return new PollOutcome.Failed(e.code(), e.getMessage(), false, null);
        }
        Optional<Hi1.Party[]> parties = parties(message.destination());
        if (parties.isEmpty()) {
            return new PollOutcome.Failed(AdapterError.ADP_CONFIG.code(), "platform " + message.destination().platformId() + " lacks hi1.* settings", true,
                    null);
        }
        if (!parties.get()[0].equals(m.header().receiver()) || !parties.get()[1].equals(m.header().sender())) {
            LOG.warn(Etsi104144Error.EEV_NOT_FOR_US.code() + " platform {} pushed a message from {} to {}", message.destination().platformId(),
                    PortalHttp.sanitize(m.header().sender().uniqueIdentifier()), PortalHttp.sanitize(m.header().receiver().uniqueIdentifier()));
            return new PollOutcome.Failed(Etsi104144Error.EEV_NOT_FOR_US.code(), "the message's sender or receiver is not this platform and node", false, null);
        }
        List<Element> objects = new ArrayList<>();
        for (Hi1Reader.ActionRequest r : m.requests()) {
            objects.addAll(r.objects());
        }
        List<PortalAnswer> answers;
        try {
            answers = Hi1Answers.map(objects, m.header().timestamp(), message.body());
        } catch (Hi1Reader.Hi1Exception e) {
            return new PollOutcome.Failed(e.code(), e.getMessage(), false, null);
        }
        if (answers.isEmpty()) {
            return new PollOutcome.Failed(Etsi104144Error.EEV_EMPTY.code(), "the message carries no answer", false, null);
        }
        for (PortalAnswer a : answers) {
            if (!fits.test(a)) {
                return new PollOutcome.Failed(Etsi104144Error.EEV_CHANNEL_MISMATCH.code(), "a " + a.getClass().getSimpleName() + " does not belong on "
                        + channel, false, null);
            }
        }
        return new PollOutcome.Answers(answers, null);
    }

    /** An HI-1 response to the pushing provider: CREATEResponse per action, or ErrorInformation with the code. */
    @Override
    public InboundReply reply(InboundMessage message, PollOutcome outcome) {
        Hi1Reader.Message m;
        try {
            m = Hi1Reader.read(message.body());
        } catch (Hi1Reader.Hi1Exception e) {
            return new InboundReply(400, "text/plain", e.code().getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><HI1Message xmlns=\"").append(Hi1.CORE).append("\"><Header>")
                .append(party("SenderIdentifier", m.header().receiver())).append(party("ReceiverIdentifier", m.header().sender()))
                .append("<TransactionIdentifier>").append(xml(m.header().transactionId())).append("</TransactionIdentifier><Timestamp>")
                .append(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("</Timestamp><Version><ETSIVersion>")
                .append(xml(message.destination().setting("hi1.etsiVersion", profile().etsiVersion()))).append("</ETSIVersion><NationalProfileOwner>")
                .append(xml(message.destination().setting("hi1.profile.owner", profile().profileOwner()))).append("</NationalProfileOwner><NationalProfileVersion>")
                .append(xml(message.destination().setting("hi1.profile.version", profile().profileVersion()))).append("</NationalProfileVersion></Version></Header>")
                .append("<Payload><ResponsePayload>");
        int status;
        if (outcome instanceof PollOutcome.Failed f) {
            status = f.retryable() ? 503 : 400;
            b.append("<ErrorInformation><ErrorCode>").append(xml(f.code())).append("</ErrorCode><ErrorDescription>").append(xml(f.reason()))
                    .append("</ErrorDescription></ErrorInformation>");
        } else {
            status = 200;
            b.append("<ActionResponses>");
            for (Hi1Reader.ActionRequest r : m.requests()) {
                String id = r.objects().isEmpty() ? "" : Optional.ofNullable(Hi1Reader.text(r.objects().get(0), "ObjectIdentifier")).orElse("");
                b.append("<ActionResponse><ActionIdentifier>").append(xml(r.actionId())).append("</ActionIdentifier><").append(r.verb())
                        .append("Response><Identifier>").append(xml(id)).append("</Identifier></").append(r.verb()).append("Response></ActionResponse>");
            }
            b.append("</ActionResponses>");
        }
        b.append("</ResponsePayload></Payload></HI1Message>");
        return new InboundReply(status, CONTENT_TYPE, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String party(String element, Hi1.Party p) {
        return "<" + element + "><CountryCode>" + xml(p.countryCode()) + "</CountryCode><UniqueIdentifier>" + xml(p.uniqueIdentifier())
                + "</UniqueIdentifier></" + element + ">";
    }

    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : c);
            }
        }
        return b.toString();
    }
}
