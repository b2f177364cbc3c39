package eu.eevidence.gw.gateway.action;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.PkiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.intake.IntakeError;
import eu.eevidence.gw.gateway.order.OrderError;

/**
 * What a requester may do to its own request after submission, each with its own rules: withdraw it (pending
 * retries stop, the addressee is told if it may have the request), extend or change a deadline, and record the
 * events of the requesting side that move deadlines (the mutual-assistance request was sent or decided, a
 * subsequent production request was confirmed, the preservation is no longer needed, a clarification was answered).
 * Each action runs in one transaction with the request's row lock; nothing changes when it is rejected.
 */
public final class RequestActions {

    private static final Logger LOG = LoggerFactory.getLogger(RequestActions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Requester-side events accepted by {@link #record}, with the state they lead to (null: no state change). */
    static final Map<String, RequestState> REQUESTER_EVENTS;

    static {
        Map<String, RequestState> m = new LinkedHashMap<>();
        m.put("MLA_RECEIVED", null);
        m.put("MLA_DECIDED", null);
        m.put("SUBSEQUENT_REQUEST_CONFIRMED", null);
        m.put("CLARIFICATION_ANSWERED", null);
        m.put("PRESERVATION_ENDED", RequestState.COMPLETED);
        REQUESTER_EVENTS = java.util.Collections.unmodifiableMap(m);
    }

    private final RequestRepository requests;
    private final DeadlineEngine deadlines;
    private final PlatformRoutes directory;
    private final Sealer sealer;
    private final DeliveryQueue queue;
    private final Clock clock;

    public RequestActions(RequestRepository requests, DeadlineEngine deadlines, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue,
                          Clock clock) {
        this(requests, deadlines, directory, sealer, queue, clock, null);
    }

    /**
     * @param peers routes follow-up notices of requests sent to a peer node as catalogue envelopes (e.g. a WITHDRAWAL
     *              correlated to the request's message id, its message id the notice id), which the peer's case handling
     *              takes; null on a node without peers
     */
    public RequestActions(RequestRepository requests, DeadlineEngine deadlines, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue,
                          Clock clock, eu.eevidence.gw.gateway.routing.PeerRoutes peers) {
        this.peers = peers;
        this.requests = requests;
        this.deadlines = deadlines;
        this.directory = directory;
        this.sealer = sealer;
        this.queue = queue;
        this.clock = clock;
    }

    private final eu.eevidence.gw.gateway.routing.PeerRoutes peers;

    /** Withdraws a request. The addressee gets a sealed withdrawal notice when it may already hold the request. */
    public ActionResult withdraw(ClientIdentity client, String id, String reason) {
        String why = reason == null || reason.isBlank() ? "withdrawn by the requester" : reason.strip();
        if (why.length() > 1000) {
            return new ActionResult.Rejected(422, ActionError.ACT_REASON_TOO_LONG.code(), "the reason must be at most 1000 characters");
        }
        Instant now = clock.instant();
        Object[] noticeOut = new Object[1];
        ActionResult result = requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, client, id);
            if (found.isEmpty()) {
                return notFound();
            }
            RequestRecord r = found.get();
            if (r.state().isTerminal()) {
                return new ActionResult.Rejected(409, ActionError.ACT_TERMINAL.code(), "the request is already " + r.state() + "; it cannot be withdrawn");
            }
            if (!r.lifecycle().canMove(r.state(), RequestState.WITHDRAWN)) {
                return new ActionResult.Rejected(409, OrderError.LIFE_001.code(), "a " + r.state() + " request cannot be withdrawn");
            }
            boolean addresseeMayHaveIt = !(r.state() == RequestState.ACCEPTED && r.deliveryAttempts() == 0);
            requests.setState(c, id, RequestState.WITHDRAWN, now);
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.WITHDRAWN, r.state(), RequestState.WITHDRAWN, now, now,
                    "client:" + client.fingerprint(), why));
            deadlines.onEvent(c, requests.find(c, id, true).orElseThrow(), "WITHDRAWN", now, null);
            if (addresseeMayHaveIt) {
                Platform platform = directory.find(r.platformId()).orElse(null);
                if (platform != null) {
                    Notice n = notice(r, "WITHDRAWAL", Map.of("reason", why, "withdrawnAt", now.toString()), platform, now);
                    if (requests.insertNotice(c, n)) {
                        noticeOut[0] = new Object[] {platform.id(), n.id()};
                    }
                }
            }
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), addresseeMayHaveIt ? "the addressee will be notified"
                    : "the request had not left the node; nothing was sent");
        });
        if (noticeOut[0] != null) {
            Object[] n = (Object[]) noticeOut[0];
            enqueueNotice((String) n[0], (String) n[1]);
        }
        if (result instanceof ActionResult.Done) {
            LOG.info(ActionError.ACT_WITHDRAWN.code() + " request {} by {}", id, client.fingerprint());
        }
        return result;
    }

    /** Extends a running deadline once by what its instrument allows (e.g. EPOC-PR, Annex VI). */
    public ActionResult extend(ClientIdentity client, String id, String ruleId) {
        return requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, client, id);
            if (found.isEmpty()) {
                return notFound();
            }
            DeadlineEngine.Result res = deadlines.extend(c, found.get(), ruleId, "client:" + client.fingerprint());
            if (!res.isOk()) {
                c.setRollbackOnly();
                return new ActionResult.Rejected(409, res.code(), res.message());
            }
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), ruleId + " now due " + res.due());
        });
    }

    /** Sets a new end for a running deadline (never shortening a legal floor). */
    public ActionResult changeDeadline(ClientIdentity client, String id, String ruleId, Instant newDue, String reason) {
        return requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, client, id);
            if (found.isEmpty()) {
                return notFound();
            }
            DeadlineEngine.Result res = deadlines.changeDue(c, found.get(), ruleId, newDue, "client:" + client.fingerprint(), reason);
            if (!res.isOk()) {
                c.setRollbackOnly();
                return new ActionResult.Rejected(409, res.code(), res.message());
            }
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), ruleId + " now due " + res.due());
        });
    }

    /** Records a requester-side event that moves deadlines (and for PRESERVATION_ENDED, completes the request). */
    public ActionResult record(ClientIdentity client, String id, String event, Instant occurredAt, String detail) {
        if (!REQUESTER_EVENTS.containsKey(event)) {
            return new ActionResult.Rejected(422, ActionError.ACT_UNKNOWN_EVENT.code(), "event must be one of " + REQUESTER_EVENTS.keySet());
        }
        Instant now = clock.instant();
        Instant at = occurredAt == null ? now : occurredAt;
        if (at.isAfter(now.plusSeconds(300))) {
            return new ActionResult.Rejected(422, ActionError.ACT_FUTURE.code(), "occurredAt lies in the future");
        }
        return requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, client, id);
            if (found.isEmpty()) {
                return notFound();
            }
            RequestRecord r = found.get();
            RequestState target = REQUESTER_EVENTS.get(event);
            if (r.state().isTerminal()) {
                return new ActionResult.Rejected(409, ActionError.ACT_TERMINAL.code(), "the request is already " + r.state());
            }
            if (target != null && !r.lifecycle().canMove(r.state(), target)) {
                return new ActionResult.Rejected(409, OrderError.LIFE_001.code(), event + " is not possible while the request is " + r.state());
            }
            if (target != null) {
                requests.setState(c, id, target, now);
            }
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.valueOf(event), r.state(), target == null ? r.state() : target, at, now,
                    "client:" + client.fingerprint(), detail));
            deadlines.onEvent(c, requests.find(c, id, true).orElseThrow(), event, at, null);
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), event + " recorded");
        });
    }

    static Set<String> requesterEvents() {
        return REQUESTER_EVENTS.keySet();
    }

    private Optional<RequestRecord> owned(Tx c, ClientIdentity client, String id) {
        return requests.find(c, id, true).filter(r -> r.ownerFingerprint().equals(client.fingerprint()));
    }

    private static ActionResult notFound() {
        return new ActionResult.Rejected(404, CommonError.REQ_NOT_FOUND.code(), "no request with this id is visible to your certificate");
    }

    private Notice notice(RequestRecord r, String kind, Map<String, String> fields, Platform platform, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", kind);
        body.put("requestId", r.id());
        body.put("requestPayloadSha256", r.sealedSha256());
        body.putAll(fields);
        try {
            byte[] content = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            // --- peer: a withdrawal for a peer node is a catalogue envelope ---
            eu.eevidence.gw.gateway.routing.PeerRoutes network = peers;
            if (network != null && "WITHDRAWAL".equals(kind) && network.byId(platform.id()).isPresent()) {
                String correlation = eu.eevidence.gw.gateway.network.NetworkOutbox.messageIdOfRequest(requests.database(), r.id()).orElse(r.id());
                content = new eu.eevidence.gw.schema.catalogue.MessageCatalogue().encodeJson(network.followUp(Notice.idOf(r.id(), kind), correlation,
                        network.byId(platform.id()).get(), java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC),
                        new eu.eevidence.gw.schema.Withdrawal(fields.get("reason"))));
            }
            byte[] sealed = sealer.seal(content, platform.encryptionCertificate());
            return new Notice(Notice.idOf(r.id(), kind), r.id(), kind, sealed, Digests.sha256(sealed), "PENDING", 0, now, null, null);
        } catch (PkiException e) {
            throw new StorageException(IntakeError.SEAL_FAILED.code() + " " + e.code(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void enqueueNotice(String platformId, String noticeId) {
        try {
            queue.enqueue(platformId, new QueuedMessage.NoticeDelivery(noticeId));
        } catch (Exception e) {
            LOG.warn(ActionError.ACT_NOTICE_QUEUE_RETRY.code() + " notice {} stays pending and is queued again at start-up ({})", noticeId,
                    e.getClass().getSimpleName());
        }
    }
}
