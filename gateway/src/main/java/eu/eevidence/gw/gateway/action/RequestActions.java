package eu.eevidence.gw.gateway.action;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.http.CommonError;
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
    private static final int MAX_TEXT = 1000;

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
    private final DeliveryQueue queue;
    private final Clock clock;
    private final FollowUps followUps;

    public RequestActions(RequestRepository requests, DeadlineEngine deadlines, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue,
                          Clock clock) {
        this(requests, deadlines, directory, sealer, queue, clock, null, null);
    }

    /**
     * @param peers    routes follow-ups of requests sent to a peer node as catalogue envelopes (correlated to the request's
     *                 message id, their message id the notice id), which the peer's case handling takes; null on a node
     *                 without peers
     * @param adapters the adapters, asked whether they can carry a follow-up type before it is accepted (ADR-0032); null:
     *                 only peer nodes carry follow-ups
     */
    public RequestActions(RequestRepository requests, DeadlineEngine deadlines, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue,
                          Clock clock, PeerRoutes peers, AdapterRegistry adapters) {
        this.requests = requests;
        this.deadlines = deadlines;
        this.queue = queue;
        this.clock = clock;
        this.followUps = new FollowUps(directory, peers, adapters, sealer);
    }

    /**
     * Hash lists for resurfacing prevention (ADR-0038), sent through this node's follow-ups.
     *
     * @param evidence         the evidence of the requests, for the PDQ of their images; null: none computed
     * @param matchDistance    the default largest PDQ distance that matches (setting {@code hashList.matchDistance})
     */
    public HashLists hashLists(eu.eevidence.gw.gateway.evidence.EvidenceService evidence, int matchDistance) {
        return new HashLists(requests, followUps, queue, evidence, clock, matchDistance);
    }

    /** Withdraws a request. The addressee gets a sealed withdrawal notice when it may already hold the request. */
    public ActionResult withdraw(ClientIdentity client, String id, String reason) {
        String why = reason == null || reason.isBlank() ? "withdrawn by the requester" : reason.strip();
        if (why.length() > MAX_TEXT) {
            return new ActionResult.Rejected(422, ActionError.ACT_REASON_TOO_LONG.code(), "the reason must be at most 1000 characters");
        }
        Instant now = clock.instant();
        List<FollowUps.Staged> staged = new ArrayList<>();
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
            boolean addresseeMayHaveIt = FollowUps.addresseeMayHaveIt(r);
            Optional<ActionResult.Rejected> cannot = followUps.refusal(r, FollowUpType.WITHDRAWAL);
            requests.setState(c, id, RequestState.WITHDRAWN, now);
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.WITHDRAWN, r.state(), RequestState.WITHDRAWN, now, now,
                    "client:" + client.fingerprint(), why));
            deadlines.onEvent(c, requests.find(c, id, true).orElseThrow(), "WITHDRAWN", now, null);
            String detail = "the request had not left the node; nothing was sent";
            if (addresseeMayHaveIt && cannot.isPresent()) {
                // the withdrawal itself stands; that its notice cannot travel is shown, never silent
                requests.appendEvent(c, id, new TimelineEvent(0, EventCode.FOLLOW_UP_NOT_DELIVERED, RequestState.WITHDRAWN, RequestState.WITHDRAWN,
                        now, now, "node", cannot.get().code() + ": " + cannot.get().message()));
                detail = cannot.get().code() + ": " + cannot.get().message();
            } else if (addresseeMayHaveIt) {
                Notice n = followUps.seal(r, FollowUpType.WITHDRAWAL, FollowUps.Draft.text(why), now,
                        requests.nextNoticeId(c, r.id(), FollowUpType.WITHDRAWAL.name()),
                        requests.messageId(c, r.id()));
                if (n != null && requests.insertNotice(c, n)) {
                    staged.add(FollowUps.Staged.of(n, r));
                }
                detail = "the addressee will be notified";
            }
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), detail);
        });
        staged.forEach(this::enqueue);
        if (result instanceof ActionResult.Done) {
            LOG.info(ActionError.ACT_WITHDRAWN.code() + " request {} by {}", id, client.fingerprint());
        }
        return result;
    }

    /**
     * Extends a running deadline once by what its instrument allows (e.g. EPOC-PR, Annex VI) and tells the addressee
     * (Annex VI extension for an EPOC-PR, a preservation extension for other preservations, else a deadline change).
     */
    public ActionResult extend(ClientIdentity client, String id, String ruleId) {
        return deadlineFollowUp(client, id, ruleId, null, null, true);
    }

    /** Sets a new end for a running deadline (never shortening a legal floor) and sends the addressee a deadline change. */
    public ActionResult changeDeadline(ClientIdentity client, String id, String ruleId, Instant newDue, String reason) {
        if (reason != null && reason.length() > MAX_TEXT) {
            return new ActionResult.Rejected(422, ActionError.ACT_REASON_TOO_LONG.code(), "the reason must be at most 1000 characters");
        }
        return deadlineFollowUp(client, id, ruleId, newDue, reason, false);
    }

    /** A rejection decided inside a transaction: thrown so that the transaction rolls back, answered by the caller. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ActionResult.Rejected rejected;

        Refused(ActionResult.Rejected rejected) {
            super(rejected.code(), null, false, false);
            this.rejected = rejected;
        }
    }

    private ActionResult deadlineFollowUp(ClientIdentity client, String id, String ruleId, Instant newDue, String reason, boolean extension) {
        Instant now = clock.instant();
        String actor = "client:" + client.fingerprint();
        List<FollowUps.Staged> staged = new ArrayList<>();
        ActionResult result;
        try {
            result = requests.database().inTx(c -> {
                Optional<RequestRecord> found = owned(c, client, id);
                if (found.isEmpty()) {
                    return notFound();
                }
                RequestRecord r = found.get();
                FollowUpType type = followUpOfDeadline(r, ruleId, extension);
                Optional<ActionResult.Rejected> cannot = FollowUps.addresseeMayHaveIt(r) ? followUps.refusal(r, type) : withdrawnOnly(r, type);
                if (cannot.isPresent()) {
                    return cannot.get();
                }
                DeadlineEngine.Result res = extension ? deadlines.extend(c, r, ruleId, actor) : deadlines.changeDue(c, r, ruleId, newDue, actor, reason);
                if (!res.isOk()) {
                    throw new Refused(new ActionResult.Rejected(409, res.code(), res.message())); // rolls the transaction back
                }
                String detail = ruleId + " now due " + res.due();
                if (FollowUps.addresseeMayHaveIt(r)) {
                    String text = reason != null ? reason : ruleId + " extended to " + res.due();
                    Notice n = followUps.seal(r, type, new FollowUps.Draft(text, res.due(), ruleId), now, requests.nextNoticeId(c, r.id(), type.name()),
                            requests.messageId(c, r.id()));
                    if (n != null && requests.insertNotice(c, n)) {
                        staged.add(FollowUps.Staged.of(n, r));
                        requests.appendEvent(c, r.id(), queuedEvent(r.state(), n, now, actor, "deadline " + ruleId + " -> " + res.due()
                                + ", not yet confirmed by the addressee"));
                        detail += "; not yet confirmed by the addressee (" + type + " " + n.id() + " queued)";
                    }
                }
                return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), detail);
            });
        } catch (Refused e) {
            return e.rejected;
        }
        staged.forEach(this::enqueue);
        return result;
    }

    /**
     * The follow-up of a deadline action: the one extension of an EPOC-PR is Annex VI; another change of a preservation
     * deadline (its rule names a preservation) is a preservation extension (a legal floor is only ever lengthened);
     * any other change is a deadline change.
     */
    static FollowUpType followUpOfDeadline(RequestRecord r, String ruleId, boolean extension) {
        if (extension && "EU_EPOC_PR".equals(r.messageType())) {
            return FollowUpType.ANNEX6_EXTENSION;
        }
        return ruleId != null && ruleId.contains("PRESERVATION") ? FollowUpType.PRESERVATION_EXTENSION : FollowUpType.DEADLINE_CHANGE;
    }

    private Optional<ActionResult.Rejected> withdrawnOnly(RequestRecord r, FollowUpType type) {
        Optional<ActionResult.Rejected> any = followUps.refusal(r, type);
        return any.filter(x -> x.code().equals(ActionError.ACT_FOLLOW_UP_WITHDRAWN.code()));
    }

    /**
     * Sends formal correspondence about the request to its addressee (a question, a remark; no deadline moves). Refused
     * where the addressee's channel cannot carry it (a peer node: the catalogue has no correspondence message).
     */
    public ActionResult correspond(ClientIdentity client, String id, String text) {
        if (text == null || text.isBlank()) {
            return new ActionResult.Rejected(422, ActionError.ACT_FOLLOW_UP_TEXT.code(), "give the text of the correspondence");
        }
        if (text.length() > MAX_TEXT) {
            return new ActionResult.Rejected(422, ActionError.ACT_REASON_TOO_LONG.code(), "the text must be at most 1000 characters");
        }
        Instant now = clock.instant();
        List<FollowUps.Staged> staged = new ArrayList<>();
        ActionResult result = requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, client, id);
            if (found.isEmpty()) {
                return notFound();
            }
            RequestRecord r = found.get();
            Optional<ActionResult.Rejected> cannot = followUps.refusal(r, FollowUpType.CORRESPONDENCE);
            if (cannot.isPresent()) {
                return cannot.get();
            }
            if (!FollowUps.addresseeMayHaveIt(r)) {
                return new ActionResult.Rejected(409, ActionError.ACT_FOLLOW_UP_NOT_SENT.code(),
                        "the request has not left the node yet; the addressee cannot be written to about it");
            }
            Notice n = followUps.seal(r, FollowUpType.CORRESPONDENCE, FollowUps.Draft.text(text.strip()), now,
                    requests.nextNoticeId(c, r.id(), FollowUpType.CORRESPONDENCE.name()),
                    requests.messageId(c, r.id()));
            if (n != null && requests.insertNotice(c, n)) {
                staged.add(FollowUps.Staged.of(n, r));
                requests.appendEvent(c, r.id(), queuedEvent(r.state(), n, now, "client:" + client.fingerprint(), null));
            }
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), "correspondence queued for the addressee");
        });
        staged.forEach(this::enqueue);
        return result;
    }

    /**
     * Relays a requester's follow-up that a peer node sent about a case of this node to the platform of the domestic order
     * made for the case (ADR-0032), sealed and delivered like the node's own follow-ups; the domestic order's deadlines
     * stay as the deadline rules of its own type set them (the case records the requester's change). Once per relayed
     * message ({@code relayOf}, the peer's message id): a repeat is done without a second notice.
     */
    public ActionResult relay(ClientIdentity owner, String id, FollowUpType type, String text, Instant newDue, String relayOf) {
        return relay(owner, id, type, new FollowUps.Draft(text, newDue, null), relayOf);
    }

    /**
     * Relays a requester's hash list (CONTENT_HASH_LIST from a peer node with the agreement, ADR-0038) onto the domestic
     * removal order {@code id} as its HASH_LIST follow-up; refused with {@code EEG-ACT-HASH-LIST-UNSUPPORTED} where the
     * order's channel cannot carry one. The values are sealed in the notice only, never logged.
     */
    public ActionResult relayHashList(ClientIdentity owner, String id, eu.eevidence.gw.schema.ContentHashList list, String relayOf) {
        java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("hashes", list.hashes().stream().map(h -> java.util.Map.of("algorithm", h.algorithm().name(), "value", h.value())).toList());
        fields.put("matchDistance", list.matchDistance());
        return relay(owner, id, FollowUpType.HASH_LIST, new FollowUps.Draft(null, null, null, fields), relayOf);
    }

    private ActionResult relay(ClientIdentity owner, String id, FollowUpType type, FollowUps.Draft draft, String relayOf) {
        Instant now = clock.instant();
        List<FollowUps.Staged> staged = new ArrayList<>();
        String noticeId = eu.eevidence.gw.gateway.order.Notice.idOf(id, type.name()) + "-R"
                + eu.eevidence.gw.gateway.order.Digests.sha256(relayOf.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 10);
        ActionResult result = requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, owner, id);
            if (found.isEmpty()) {
                return notFound();
            }
            RequestRecord r = found.get();
            if (type == FollowUpType.HASH_LIST && !"CONTENT_REMOVAL_ORDER".equals(r.messageType())) {
                return new ActionResult.Rejected(422, ActionError.ACT_HASH_LIST_NOT_REMOVAL.code(), "a hash list follows a"
                        + " CONTENT_REMOVAL_ORDER; the domestic order " + r.id() + " is a " + r.messageType());
            }
            Optional<ActionResult.Rejected> cannot = followUps.refusal(r, type);
            if (cannot.isPresent()) {
                return cannot.get();
            }
            if (!FollowUps.addresseeMayHaveIt(r)) {
                return new ActionResult.Rejected(409, ActionError.ACT_FOLLOW_UP_NOT_SENT.code(), "the domestic order has not left the node yet");
            }
            Notice n = followUps.seal(r, type, draft, now, noticeId, requests.messageId(c, r.id()));
            if (n == null || !requests.insertNotice(c, n)) {
                return new ActionResult.Done(r, "already relayed as " + noticeId);
            }
            staged.add(FollowUps.Staged.of(n, r));
            requests.appendEvent(c, r.id(), queuedEvent(r.state(), n, now, "client:" + owner.fingerprint(), "relays message " + relayOf
                    + " of the requesting Party"));
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), type + " relayed as " + noticeId);
        });
        staged.forEach(this::enqueue);
        return result;
    }

    /** Records a requester-side event that moves deadlines (and for PRESERVATION_ENDED, completes the request). */
    public ActionResult record(ClientIdentity client, String id, String event, Instant occurredAt, String detail) {
        if (!REQUESTER_EVENTS.containsKey(event)) {
            return new ActionResult.Rejected(422, ActionError.ACT_UNKNOWN_EVENT.code(), "event must be one of " + REQUESTER_EVENTS.keySet());
        }
        if (detail != null && detail.length() > 4000) {
            return new ActionResult.Rejected(422, ActionError.ACT_REASON_TOO_LONG.code(), "the detail must be at most 4000 characters");
        }
        Instant now = clock.instant();
        Instant at = occurredAt == null ? now : occurredAt;
        if (at.isAfter(now.plusSeconds(300))) {
            return new ActionResult.Rejected(422, ActionError.ACT_FUTURE.code(), "occurredAt lies in the future");
        }
        List<FollowUps.Staged> staged = new ArrayList<>();
        ActionResult result = requests.database().inTx(c -> {
            Optional<RequestRecord> found = owned(c, client, id);
            if (found.isEmpty()) {
                return notFound();
            }
            RequestRecord r = found.get();
            RequestState target = REQUESTER_EVENTS.get(event);
            FollowUpType type = followUpOf(event, r);
            if (type != null && r.state() == RequestState.WITHDRAWN) {
                return followUps.refusal(r, type).orElseThrow();
            }
            if (r.state().isTerminal()) {
                return new ActionResult.Rejected(409, ActionError.ACT_TERMINAL.code(), "the request is already " + r.state());
            }
            if (target != null && !r.lifecycle().canMove(r.state(), target)) {
                return new ActionResult.Rejected(409, OrderError.LIFE_001.code(), event + " is not possible while the request is " + r.state());
            }
            boolean send = type != null && FollowUps.addresseeMayHaveIt(r);
            if (send) {
                Optional<ActionResult.Rejected> cannot = followUps.refusal(r, type);
                if (cannot.isPresent()) {
                    return cannot.get();
                }
            }
            if (target != null) {
                requests.setState(c, id, target, now);
            }
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.valueOf(event), r.state(), target == null ? r.state() : target, at, now,
                    "client:" + client.fingerprint(), detail));
            deadlines.onEvent(c, requests.find(c, id, true).orElseThrow(), event, at, null);
            String said = event + " recorded";
            if (send) {
                Notice n = followUps.seal(r, type, FollowUps.Draft.text(detail), now, requests.nextNoticeId(c, r.id(), type.name()),
                        requests.messageId(c, r.id()));
                if (n != null && requests.insertNotice(c, n)) {
                    staged.add(FollowUps.Staged.of(n, r));
                    requests.appendEvent(c, r.id(), queuedEvent(target == null ? r.state() : target, n, now, "client:" + client.fingerprint(), null));
                    said += "; " + type + " queued for the addressee";
                }
            }
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), said);
        });
        staged.forEach(this::enqueue);
        return result;
    }

    /** The follow-up a requester-side event sends to the addressee; null for events that stay on this node. */
    static FollowUpType followUpOf(String event, RequestRecord r) {
        return switch (event) {
            case "CLARIFICATION_ANSWERED" -> FollowUpType.CLARIFICATION_ANSWER;
            case "SUBSEQUENT_REQUEST_CONFIRMED" -> "EU_EPOC_PR".equals(r.messageType()) ? FollowUpType.ANNEX5_CONFIRMATION : null;
            default -> null;
        };
    }

    /** The timeline event of a follow-up sealed and stored for its addressee. */
    private static TimelineEvent queuedEvent(RequestState state, Notice n, Instant now, String actor, String more) {
        return new TimelineEvent(0, EventCode.FOLLOW_UP_QUEUED, state, state, now, now, actor, n.kind() + " notice " + n.id() + " sealed for the addressee"
                + (more == null ? "" : "; " + more));
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

    private void enqueue(FollowUps.Staged s) {
        try {
            queue.enqueue(s.destinationId(), new QueuedMessage.NoticeDelivery(s.noticeId()));
        } catch (Exception e) {
            LOG.warn(ActionError.ACT_NOTICE_QUEUE_RETRY.code() + " notice {} stays pending and is queued again at start-up ({})", s.noticeId(),
                    e.getClass().getSimpleName());
        }
    }
}
