package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.schema.ClarificationRequest;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.PartialDisclosure;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.answer.AnswerError;

/**
 * The answers back to the requesting node: built as catalogue envelopes that answer the case's request, checked by the
 * message catalogue and queued to the transport in the transaction that records them; the contact point's own answer
 * (an execution report) and Art. 30 disclosure read and checked before they are decided; the platform's answers relayed.
 */
final class CaseAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);
    static final String NODE = "node";

    /** The types whose requested authority may answer itself (ANSWER) instead of ordering from a platform (ADR-0018). */
    static final Set<String> ANSWERABLE = Set.of(MessageType.BUDAPEST_ART35_ASSISTANCE.name(), MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE.name(),
            MessageType.PROTOCOL_ART10_EMERGENCY_MLA.name(), MessageType.UNCC_ART41_ASSISTANCE.name(), MessageType.UNCC_ART44_MUTUAL_ASSISTANCE.name());

    private final CaseStores stores;
    private final Clock clock;
    private final MessageCatalogue catalogue = new MessageCatalogue();

    CaseAnswers(CaseStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    MessageCatalogue catalogue() {
        return catalogue;
    }

    /** Builds, checks and hands an answer to the transport; records it on the case. */
    void answer(CaseTxStore tx, InboundCase k, LifecycleMessage.Answer body, Instant now) {
        Envelope original = DomesticOrder.envelope(tx.content(k.id()));
        int n = tx.messageCount(k.id());
        String messageId = k.id() + "." + body.type().name().toLowerCase(Locale.ROOT) + "." + n;
        Envelope e = new Envelope(messageId, k.messageId(), Envelope.CURRENT_VERSION, original.receiver(), original.sender(),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), body);
        List<Violation> v = catalogue.validate(e);
        if (!v.isEmpty()) {
            notSent(tx, k, body.type().name(), v.stream().map(x -> x.path() + " " + x.code()).toList().toString(), now);
            return;
        }
        byte[] json = catalogue.encodeJson(e);
        String outbox = tx.send(k.peerNodeId(), messageId, json);
        tx.insertMessage(k.id(), "OUT", messageId, body.type().name(), json, Digests.sha256(json), now, outbox);
        tx.appendEvent(k.id(), new CaseEvent(0, "ANSWER_SENT", k.state(), k.state(), now, now, NODE,
                body.type().name() + " " + messageId + " to node " + k.peerNodeId()));
    }

    void notSent(CaseTxStore tx, InboundCase k, String type, String why, Instant now) {
        LOG.error(CaseError.CASE_ANSWER_INVALID.code() + " case {}: {} not sent: {}", k.id(), type, why);
        tx.appendEvent(k.id(), new CaseEvent(0, "ANSWER_NOT_SENT", k.state(), k.state(), now, now, NODE,
                CaseError.CASE_ANSWER_INVALID.code() + " " + type + ": " + why));
    }

    /** The catalogue's violations of {@code body} as an answer to the case {@code k} (checked under a probe message id). */
    List<Violation> check(Envelope original, InboundCase k, LifecycleMessage.Answer body, Instant now) {
        return catalogue.validate(new Envelope(k.id() + ".check", k.messageId(), Envelope.CURRENT_VERSION, original.receiver(),
                original.sender(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), body));
    }

    /** The body of the platform's own answer of that type, to relay it as it was given. */
    <T> Optional<T> relayed(CaseTxStore tx, String requestId, String type, Class<T> cls) {
        Optional<byte[]> body = tx.latestPlatformAnswer(requestId, type);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            Envelope e = DomesticOrder.envelope(body.get());
            return cls.isInstance(e.body()) ? Optional.of(cls.cast(e.body())) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * ANSWER: the final ExecutionReport the contact point's own answer becomes, checked by the catalogue. Without items of
     * the contact point, the manifest lists the answer text itself ({@code answer}, text/plain, its size and SHA-256), since
     * a report's manifest is never empty.
     *
     * @throws CaseException EEG-CASE-NOT-ANSWERABLE (409) for a type a provider must execute; EEG-CASE-FIELD (422)
     */
    ExecutionReport answerReport(InboundCase k, Decision d, Instant now) throws CaseException {
        if (!ANSWERABLE.contains(k.messageType())) {
            throw new CaseException(409, CaseError.CASE_NOT_ANSWERABLE.code(), "a " + k.messageType() + " is carried out by a service provider (ACCEPT with a "
                    + "platform); only an Art. 35 assistance request, an Art. 31 or a Protocol Art. 10 request can be answered by this authority itself");
        }
        String summary = d.summary().strip();
        List<EvidenceManifest.Item> items = d.items();
        if (items == null || items.isEmpty()) {
            byte[] text = summary.getBytes(StandardCharsets.UTF_8);
            items = List.of(new EvidenceManifest.Item("answer", "text/plain", (long) text.length, Digests.sha256(text),
                    "the requested Party's answer, as in the report's remarks", null));
        }
        ExecutionReport report = new ExecutionReport(ExecutionReport.Completeness.FINAL, new EvidenceManifest(items), summary);
        List<Violation> v = check(DomesticOrder.envelope(stores.content(k.id())), k, report, now);
        if (!v.isEmpty()) {
            throw new CaseException(422, CaseError.CASE_FIELD.code(), "the answer breaks the catalogue's rules for an execution report", v.stream()
                    .map(x -> new Violation(x.path().replaceFirst("^\\$\\.body\\.manifest\\.", "\\$.").replaceFirst("^\\$\\.body\\.remarks", "\\$.summary"),
                            x.code(), x.message())).toList());
        }
        return report;
    }

    /**
     * The Art. 30 disclosure the contact point posted as JSON (the disclosure's fields), read and checked by the message
     * catalogue as the body of the answer to {@code current} it becomes.
     */
    PartialDisclosure disclosure(InboundCase current, byte[] json) throws CaseException {
        ObjectMapper mapper = JsonCodec.canonicalMapper();
        ObjectNode body;
        try {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new CaseException(400, AnswerError.REQ_MALFORMED.code(), "the body must be a JSON object");
            }
            body = (ObjectNode) tree;
        } catch (IOException e) {
            throw new CaseException(400, AnswerError.REQ_MALFORMED.code(), "the body is not valid JSON");
        }
        body.put("type", MessageType.BUDAPEST_ART30_PARTIAL_DISCLOSURE.name());
        Envelope original = DomesticOrder.envelope(stores.content(current.id()));
        Decoded decoded;
        try {
            ObjectNode envelope = (ObjectNode) mapper.readTree(catalogue.encodeJson(
                    new Envelope(current.id() + ".art30", current.messageId(), Envelope.CURRENT_VERSION, original.receiver(), original.sender(),
                            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), new ClarificationRequest(List.of("-"), null))));
            envelope.set("body", body);
            decoded = catalogue.decodeJson(mapper.writeValueAsBytes(envelope));
        } catch (IOException e) {
            throw new CaseException(400, AnswerError.REQ_MALFORMED.code(), "the body could not be read as a disclosure");
        }
        if (decoded instanceof Decoded.Invalid invalid) {
            throw new CaseException(422, CaseError.CASE_FIELD.code(), "the disclosure breaks the catalogue's rules", invalid.violations().stream()
                    .map(x -> new Violation(x.path().replaceFirst("^\\$\\.body", "\\$"), x.code(), x.message())).toList());
        }
        return (PartialDisclosure) ((Decoded.Valid) decoded).envelope().body();
    }
}
