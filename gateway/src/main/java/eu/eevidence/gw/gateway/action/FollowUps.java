package eu.eevidence.gw.gateway.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.delivery.ManualHandoff;
import eu.eevidence.gw.gateway.intake.IntakeError;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.ClarificationAnswer;
import eu.eevidence.gw.schema.ContentHashList;
import eu.eevidence.gw.schema.DeadlineChange;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.PreservationExtension;
import eu.eevidence.gw.schema.ProductionRequestConfirmation;
import eu.eevidence.gw.schema.RemovalHash;
import eu.eevidence.gw.schema.Withdrawal;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the follow-ups of a request travel (ADR-0032): checks at submission that the addressee's channel can carry the
 * type (the adapter's {@code supports}, a peer node's catalogue), then seals the follow-up for the addressee (the same
 * CMS profile as the first message) as a PENDING notice that the caller stores in its transaction and queues after
 * the commit, and the delivery service delivers it like the first message (retries, dead letter, receipt).
 *
 * <p>To a platform the sealed content is a small JSON object ({@code type}, {@code requestId}, the first message's
 * digest and the fields of the type); to a peer node it is a catalogue envelope correlated with the first message.
 */
final class FollowUps {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a follow-up says: free text (reason, answer, justification), a new deadline end and the rule it changes, and
     * further fields of its own (a hash list's hashes and match distance; never logged).
     */
    record Draft(String text, Instant dueAt, String deadlineRule, Map<String, Object> fields) {
        Draft(String text, Instant dueAt, String deadlineRule) {
            this(text, dueAt, deadlineRule, Map.of());
        }

        static Draft text(String text) {
            return new Draft(text, null, null);
        }

        @Override
        public String toString() {
            return "Draft[" + deadlineRule + ", fields " + fields.keySet() + "]";
        }
    }

    /** A stored notice to queue after the commit. */
    record Staged(String destinationId, String noticeId) {
        static Staged of(Notice n, RequestRecord r) {
            return new Staged(r.platformId(), n.id());
        }
    }

    private final PlatformRoutes directory;
    private final PeerRoutes peers;
    private final AdapterRegistry adapters;
    private final Sealer sealer;

    FollowUps(PlatformRoutes directory, PeerRoutes peers, AdapterRegistry adapters, Sealer sealer) {
        this.directory = directory;
        this.peers = peers;
        this.adapters = adapters;
        this.sealer = sealer;
    }

    /**
     * Why {@code type} cannot be sent for {@code r}, or empty: a withdrawn request takes no follow-up
     * ({@code EEG-ACT-FOLLOW-UP-WITHDRAWN}); the addressee's channel must carry the type
     * ({@code EEG-ACT-FOLLOW-UP-UNSUPPORTED}).
     */
    Optional<ActionResult.Rejected> refusal(RequestRecord r, FollowUpType type) {
        if (r.state() == eu.eevidence.gw.gateway.order.RequestState.WITHDRAWN) {
            return Optional.of(new ActionResult.Rejected(409, ActionError.ACT_FOLLOW_UP_WITHDRAWN.code(),
                    "the request was withdrawn; no " + type + " follow-up can be sent for it"));
        }
        Optional<Platform> platform = directory.find(r.platformId());
        if (platform.isEmpty()) {
            return Optional.empty(); // no addressee any more: the follow-up stays on this node (nothing to refuse)
        }
        String kind = platform.get().adapterKind();
        boolean carried;
        if (PeerRoutes.ADAPTER_KIND.equals(kind)) {
            carried = type.travelsToPeers() || type == FollowUpType.HASH_LIST && hashListAgreement(r.platformId());
        } else if (ManualHandoff.KIND.equals(kind)) {
            carried = true; // a hand-off package of its own, confirmed by the submitter (handoff.FollowUpHandoffs)
        } else {
            carried = adapters != null && adapters.forKind(kind).map(a -> a.supports(type.operation())).orElse(false);
        }
        if (carried) {
            return Optional.empty();
        }
        if (type == FollowUpType.HASH_LIST) {
            return Optional.of(new ActionResult.Rejected(422, ActionError.ACT_HASH_LIST_UNSUPPORTED.code(), "the channel " + kind + " of "
                    + r.platformId() + " cannot carry a hash list (" + (PeerRoutes.ADAPTER_KIND.equals(kind)
                    ? "the directory records no hash-list agreement with this peer node" : "its standard has no such operation")
                    + "); nothing was stored or sent"));
        }
        return Optional.of(new ActionResult.Rejected(422, ActionError.ACT_FOLLOW_UP_UNSUPPORTED.code(), "the channel " + kind + " of "
                + r.platformId() + " cannot carry a " + type + " follow-up (operation " + type.operation() + "); send it by other means"));
    }

    /** Whether the peer node {@code peerId} takes hash lists by agreement (directory or configuration, ADR-0038). */
    private boolean hashListAgreement(String peerId) {
        return peers != null && peers.byId(peerId).map(PeerSpec::acceptsHashLists).orElse(false);
    }

    /** A setting of the request's platform in the platforms file (never a secret here: callers ask for plain keys). */
    Optional<String> platformSetting(RequestRecord r, String key) {
        return directory.find(r.platformId()).map(p -> p.settings().get(key));
    }

    /** True when the addressee may hold the request: it was delivered or attempted, so a follow-up is due to it. */
    static boolean addresseeMayHaveIt(RequestRecord r) {
        return !(r.state() == eu.eevidence.gw.gateway.order.RequestState.ACCEPTED && r.deliveryAttempts() == 0);
    }

    /**
     * Seals the follow-up for the request's addressee as a PENDING notice with the id {@code id} (the caller stores it in
     * its transaction); null when the request has no addressee now. {@code correlation} is the catalogue message id the
     * request was sent with (a peer node's follow-up correlates with it).
     */
    Notice seal(RequestRecord r, FollowUpType type, Draft draft, Instant now, String id, String correlation) {
        Optional<Platform> platform = directory.find(r.platformId());
        if (platform.isEmpty()) {
            return null;
        }
        byte[] content = content(r, type, draft, platform.get(), id, correlation == null ? r.id() : correlation, now);
        byte[] sealed;
        try {
            sealed = sealer.seal(content, platform.get().encryptionCertificate());
        } catch (PkiException e) {
            throw new IllegalStateException(IntakeError.SEAL_FAILED.code() + " " + e.code(), e);
        }
        return new Notice(id, r.id(), type.name(), sealed, Digests.sha256(sealed), "PENDING", 0, now, null, null, draft.deadlineRule(),
                draft.dueAt(), null);
    }

    private byte[] content(RequestRecord r, FollowUpType type, Draft draft, Platform platform, String id, String correlation, Instant now) {
        Optional<PeerSpec> peer = peers == null ? Optional.empty() : peers.byId(platform.id());
        if (peer.isPresent() && PeerRoutes.ADAPTER_KIND.equals(platform.adapterKind())) {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            return new MessageCatalogue().encodeJson(peers.followUp(id, correlation, peer.get(), at, catalogueBody(type, draft, at)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.name());
        body.put("operation", type.operation().name());
        body.put("requestId", r.id());
        body.put("requestPayloadSha256", r.sealedSha256());
        body.put("sentAt", now.toString());
        if (draft.text() != null) {
            body.put(type == FollowUpType.WITHDRAWAL ? "reason" : "text", draft.text());
        }
        if (type == FollowUpType.WITHDRAWAL) {
            body.put("withdrawnAt", now.toString());
        }
        if (draft.deadlineRule() != null) {
            body.put("deadlineRule", draft.deadlineRule());
        }
        if (draft.dueAt() != null) {
            body.put("newDeadline", draft.dueAt().toString());
        }
        body.putAll(draft.fields());
        try {
            return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalogue CONTENT_HASH_LIST of a hash-list draft (to a peer node with the agreement; ADR-0038). */
    @SuppressWarnings("unchecked")
    private static ContentHashList hashList(Draft draft) {
        List<RemovalHash> hashes = new java.util.ArrayList<>();
        for (Map<String, Object> h : (List<Map<String, Object>>) draft.fields().get("hashes")) {
            hashes.add(new RemovalHash(RemovalHash.Algorithm.valueOf((String) h.get("algorithm")), (String) h.get("value")));
        }
        return new ContentHashList(hashes, (Integer) draft.fields().get("matchDistance"), null);
    }

    /** The catalogue message of a follow-up to a peer node. */
    static LifecycleMessage catalogueBody(FollowUpType type, Draft draft, OffsetDateTime now) {
        String text = draft.text() == null || draft.text().isBlank() ? type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') : draft.text();
        OffsetDateTime due = draft.dueAt() == null ? null : OffsetDateTime.ofInstant(draft.dueAt(), ZoneOffset.UTC);
        return switch (type) {
            case WITHDRAWAL -> new Withdrawal(text);
            case DEADLINE_CHANGE, PRESERVATION_EXTENSION -> new DeadlineChange(due, text);
            case ANNEX6_EXTENSION -> new PreservationExtension(30, text);
            case ANNEX5_CONFIRMATION -> new ProductionRequestConfirmation(
                    ProductionRequestConfirmation.SubsequentRequestKind.EUROPEAN_PRODUCTION_ORDER, null, now);
            case CLARIFICATION_ANSWER -> new ClarificationAnswer(List.of(text));
            case CORRESPONDENCE -> throw new IllegalArgumentException("correspondence has no catalogue message");
            case HASH_LIST -> hashList(draft);
        };
    }
}
