package eu.eevidence.gw.gateway.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.HashListStore;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pdq.PdqException;
import eu.eevidence.gw.pdq.PdqHasher;
import eu.eevidence.gw.pdq.PdqResult;
import eu.eevidence.gw.schema.ContentHashList;
import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.RemovalHash;
import eu.eevidence.gw.schema.validation.ValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resurfacing prevention (CM/Rec(2026)2 para. 39.5; ADR-0038): sends a hash list after a removal order to the platform
 * that received it, as a sealed follow-up (operation {@code HASH_LIST}, catalogue CONTENT_HASH_LIST). The list joins the
 * hashes the requester gives, the hashes of the removal order itself, and those the node computes from the evidence it
 * holds for the order (PDQ of every image of usable quality, SHA-256 of every item). Refused before anything is stored
 * when the request is no removal order, was withdrawn, or its channel cannot carry a hash list.
 *
 * <p>The hash values are the victim's personal data: they are sealed into the notice (encrypted for the platform,
 * erased with the request by the shredder), never logged, never stored in the clear; the node keeps counts only.
 */
public final class HashLists {

    /** The default largest PDQ distance that counts as a match: the PDQ documentation's recommended starting point. */
    public static final int DEFAULT_MATCH_DISTANCE = eu.eevidence.gw.pdq.PdqHash.DEFAULT_MATCH_DISTANCE;

    /** Images above this size are not hashed by the node (a decoded image costs several times its file size). */
    static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HashLists.class);
    private static final Pattern HEX = Pattern.compile("^[0-9a-f]{64}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the requester asks to send.
     *
     * @param hashes         hashes given by the requester (may be empty)
     * @param fromOrder      add the removal order's own hashes
     * @param fromEvidence   add hashes the node computes from the evidence items of the request
     * @param matchDistance  the largest PDQ distance that matches; null: the node's setting
     */
    public record Input(List<RemovalHash> hashes, boolean fromOrder, boolean fromEvidence, Integer matchDistance) {
        public Input {
            hashes = hashes == null ? List.of() : List.copyOf(hashes);
        }

        @Override
        public String toString() {
            return "HashLists.Input[" + hashes.size() + " hash(es) given, fromOrder=" + fromOrder + ", fromEvidence=" + fromEvidence + "]";
        }
    }

    private final RequestRepository requests;
    private final FollowUps followUps;
    private final DeliveryQueue queue;
    private final EvidenceService evidence;
    private final Clock clock;
    private final int defaultDistance;
    private final HashListStore store = new HashListStore();

    HashLists(RequestRepository requests, FollowUps followUps, DeliveryQueue queue, EvidenceService evidence, Clock clock, int defaultDistance) {
        if (defaultDistance < 0 || defaultDistance > ContentHashList.MAX_DISTANCE) {
            throw new IllegalArgumentException("the hash-list match distance must be 0 to " + ContentHashList.MAX_DISTANCE);
        }
        this.requests = requests;
        this.followUps = followUps;
        this.queue = queue;
        this.evidence = evidence;
        this.clock = clock;
        this.defaultDistance = defaultDistance;
    }

    /** The node's default match distance (a platform may set its own, {@value #SETTING_MATCH_DISTANCE}). */
    public int defaultDistance() {
        return defaultDistance;
    }

    /** The lists sent for a request (counts and the platform's figures). */
    public List<HashListStore.HashList> lists(String requestId) {
        return store.forRequest(requests.database(), requestId);
    }

    /** The platform setting that overrides the node's default match distance for that platform's lists. */
    public static final String SETTING_MATCH_DISTANCE = "hashList.matchDistance";

    /**
     * The match distance for a list to the request's platform: the platform's setting {@value #SETTING_MATCH_DISTANCE}
     * when it is a number 0 to 64, else the node's default (a malformed setting is logged and ignored).
     */
    int distanceFor(RequestRecord r) {
        Optional<String> v = followUps.platformSetting(r, SETTING_MATCH_DISTANCE);
        if (v.isEmpty()) {
            return defaultDistance;
        }
        try {
            int d = Integer.parseInt(v.get().strip());
            if (d >= 0 && d <= ContentHashList.MAX_DISTANCE) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        LOG.warn(ActionError.ACT_HASH_LIST_DISTANCE_SETTING.code() + " platform {}: setting {} is not 0 to {}; the default {} is used",
                r.platformId(), SETTING_MATCH_DISTANCE, ContentHashList.MAX_DISTANCE, defaultDistance);
        return defaultDistance;
    }

    /** Sends a hash list for removal order {@code id} of the caller. */
    public ActionResult send(ClientIdentity client, String id, Input in) {
        Integer asked = in.matchDistance();
        if (asked != null && (asked < 0 || asked > ContentHashList.MAX_DISTANCE)) {
            return new ActionResult.Rejected(422, ValidationCode.HASH_LIST_DISTANCE.code(), "matchDistance must be 0 to "
                    + ContentHashList.MAX_DISTANCE + " (the PDQ documentation recommends 31)");
        }
        for (int i = 0; i < in.hashes().size(); i++) {
            RemovalHash h = in.hashes().get(i);
            if (h == null || h.algorithm() == null || h.value() == null || !HEX.matcher(h.value()).matches()) {
                return new ActionResult.Rejected(422, ValidationCode.REMOVAL_HASH.code(), "hashes[" + i + "]: an algorithm (PDQ or SHA256) and"
                        + " 64 lower-case hexadecimal characters");
            }
        }
        Optional<RequestRecord> seen = requests.database().read(c -> requests.find(c, id, false))
                .filter(r -> r.ownerFingerprint().equals(client.fingerprint()));
        if (seen.isEmpty()) {
            return notFound();
        }
        if (!"CONTENT_REMOVAL_ORDER".equals(seen.get().messageType())) {
            return notRemoval(seen.get());
        }
        Optional<ActionResult.Rejected> cannot = followUps.refusal(seen.get(), FollowUpType.HASH_LIST); // again in the transaction
        if (cannot.isPresent()) {
            return cannot.get(); // before any evidence is read for nothing
        }
        int distance = asked != null ? asked : distanceFor(seen.get());
        Collected collected;
        try {
            collected = collect(client, seen.get(), in);
        } catch (EvidenceException e) {
            return new ActionResult.Rejected(e.status(), e.code(), e.getMessage());
        }
        if (collected.hashes().isEmpty()) {
            return new ActionResult.Rejected(422, ActionError.ACT_HASH_LIST_EMPTY.code(), "no hash to send: give hashes, or take those of the"
                    + " order (fromOrder) or of its evidence images (fromEvidence)");
        }
        if (collected.hashes().size() > ContentRemovalOrder.MAX_HASHES) {
            return new ActionResult.Rejected(422, ValidationCode.REMOVAL_HASH_COUNT.code(), "a hash list carries at most "
                    + ContentRemovalOrder.MAX_HASHES + " hashes; this one would carry " + collected.hashes().size());
        }
        return queue(client, id, collected, distance);
    }

    private ActionResult queue(ClientIdentity client, String id, Collected collected, int distance) {
        Instant now = clock.instant();
        List<FollowUps.Staged> staged = new ArrayList<>();
        ActionResult result = requests.database().inTx(c -> {
            Optional<RequestRecord> found = requests.find(c, id, true).filter(r -> r.ownerFingerprint().equals(client.fingerprint()));
            if (found.isEmpty()) {
                return notFound();
            }
            RequestRecord r = found.get();
            Optional<ActionResult.Rejected> cannot = followUps.refusal(r, FollowUpType.HASH_LIST);
            if (cannot.isPresent()) {
                return cannot.get();
            }
            if (!FollowUps.addresseeMayHaveIt(r)) {
                return new ActionResult.Rejected(409, ActionError.ACT_FOLLOW_UP_NOT_SENT.code(),
                        "the removal order has not left the node yet; send the hash list once it is delivered");
            }
            String noticeId = requests.nextNoticeId(c, r.id(), FollowUpType.HASH_LIST.name());
            Notice n = followUps.seal(r, FollowUpType.HASH_LIST, draft(collected, distance), now, noticeId, requests.messageId(c, r.id()));
            if (n == null || !requests.insertNotice(c, n)) {
                return new ActionResult.Rejected(409, ActionError.ACT_FOLLOW_UP_NOT_SENT.code(), "the platform of this request is no longer"
                        + " in the directory; the hash list cannot be sent");
            }
            HashListStore.Sent sent = collected.sent(n.id(), r.id(), distance, now);
            store.insert(c, sent);
            staged.add(FollowUps.Staged.of(n, r));
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.FOLLOW_UP_QUEUED, r.state(), r.state(), now, now,
                    "client:" + client.fingerprint(), "HASH_LIST notice " + n.id() + " sealed for the addressee: " + sent.hashCount()
                    + " hash(es) (" + sent.pdqCount() + " PDQ, " + sent.sha256Count() + " SHA-256), match distance " + distance));
            return new ActionResult.Done(requests.find(c, id, false).orElseThrow(), "hash list " + n.id() + " of " + sent.hashCount()
                    + " hash(es) queued for the addressee");
        });
        for (FollowUps.Staged s : staged) {
            try {
                queue.enqueue(s.destinationId(), new QueuedMessage.NoticeDelivery(s.noticeId()));
                LOG.info(ActionError.ACT_HASH_LIST_SENT.code() + " hash list {} of request {} queued ({} hash(es))", s.noticeId(), id,
                        collected.hashes().size());
            } catch (Exception e) {
                LOG.warn(ActionError.ACT_NOTICE_QUEUE_RETRY.code() + " notice {} stays pending and is queued again at start-up ({})",
                        s.noticeId(), e.getClass().getSimpleName());
            }
        }
        return result;
    }

    private static FollowUps.Draft draft(Collected collected, int distance) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("hashes", collected.hashes().stream().map(h -> Map.of("algorithm", h.algorithm().name(), "value", h.value())).toList());
        fields.put("matchDistance", distance);
        return new FollowUps.Draft(null, null, null, fields);
    }

    /** The hashes to send, without repeats, in order: given, the order's, the evidence's. */
    record Collected(List<RemovalHash> hashes, int fromEvidence) {
        HashListStore.Sent sent(String noticeId, String requestId, int distance, Instant now) {
            int pdq = (int) hashes.stream().filter(h -> h.algorithm() == RemovalHash.Algorithm.PDQ).count();
            return new HashListStore.Sent(noticeId, requestId, pdq, hashes.size() - pdq, fromEvidence, distance, now);
        }

        @Override
        public String toString() {
            return "Collected[" + hashes.size() + " hash(es)]";
        }
    }

    private Collected collect(ClientIdentity client, RequestRecord r, Input in) throws EvidenceException {
        Set<RemovalHash> all = new LinkedHashSet<>(in.hashes());
        if (in.fromOrder()) {
            all.addAll(orderHashes(requests.canonicalJson(r.id())));
        }
        int before = all.size();
        if (in.fromEvidence() && evidence != null) {
            all.addAll(evidenceHashes(client, r.id()));
        }
        return new Collected(List.copyOf(all), all.size() - before);
    }

    /** The hashes of a stored removal order (bare JSON or a catalogue envelope); empty when purged or unreadable. */
    static List<RemovalHash> orderHashes(byte[] canonical) {
        List<RemovalHash> out = new ArrayList<>();
        if (canonical == null || canonical.length == 0) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(canonical);
            JsonNode order = root.has("body") ? root.get("body") : root;
            for (JsonNode item : order.path("content")) {
                for (JsonNode h : item.path("hashes")) {
                    String algorithm = h.path("algorithm").asText("");
                    String value = h.path("value").asText("");
                    if (HEX.matcher(value).matches() && ("PDQ".equals(algorithm) || "SHA256".equals(algorithm))) {
                        out.add(new RemovalHash(RemovalHash.Algorithm.valueOf(algorithm), value));
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn(ActionError.ACT_HASH_LIST_EMPTY.code() + " the stored order could not be read for its hashes ({})", e.getClass().getSimpleName());
        }
        return out;
    }

    /**
     * PDQ of every image item of usable quality (above 49, the PDQ documentation's discard threshold) and SHA-256 of every
     * item; each read is recorded by the evidence service (timeline and custody log).
     */
    private List<RemovalHash> evidenceHashes(ClientIdentity client, String requestId) throws EvidenceException {
        List<RemovalHash> out = new ArrayList<>();
        PdqHasher hasher = new PdqHasher();
        for (EvidenceService.Item item : evidence.items(client, requestId)) {
            if (item.mediaType() != null && item.mediaType().toLowerCase(Locale.ROOT).startsWith("image/") && item.size() <= MAX_IMAGE_BYTES) {
                pdq(client, hasher, item).ifPresent(out::add);
            }
            if (item.sha256() != null && HEX.matcher(item.sha256()).matches()) {
                out.add(new RemovalHash(RemovalHash.Algorithm.SHA256, item.sha256()));
            }
        }
        return out;
    }

    private Optional<RemovalHash> pdq(ClientIdentity client, PdqHasher hasher, EvidenceService.Item item) throws EvidenceException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(item.size(), MAX_IMAGE_BYTES));
        try {
            evidence.read(client, item, bounded(bytes));
        } catch (IOException e) {
            LOG.info(ActionError.ACT_HASH_LIST_SENT.code() + " evidence item {} of request {} could not be read for hashing ({})",
                    item.itemId(), item.requestId(), e.getClass().getSimpleName());
            return Optional.empty();
        }
        Optional<RemovalHash> h = pdqOf(hasher, bytes.toByteArray());
        if (h.isEmpty()) {
            LOG.info(ActionError.ACT_HASH_LIST_SENT.code() + " evidence item {} of request {}: no usable PDQ (not an image the JDK decodes,"
                    + " or quality 49 or less)", item.itemId(), item.requestId());
        }
        return h;
    }

    /** The PDQ hash of an encoded image when its quality is usable (above 49); empty for a featureless image or no image. */
    static Optional<RemovalHash> pdqOf(PdqHasher hasher, byte[] encoded) {
        try {
            PdqResult r = hasher.hash(encoded);
            return r.usable() ? Optional.of(new RemovalHash(RemovalHash.Algorithm.PDQ, r.hash().hex())) : Optional.empty();
        } catch (PdqException e) {
            return Optional.empty();
        }
    }

    private static OutputStream bounded(ByteArrayOutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (out.size() + (long) len > MAX_IMAGE_BYTES) {
                    throw new IOException("image above " + MAX_IMAGE_BYTES + " bytes");
                }
                out.write(b, off, len);
            }
        };
    }

    private static ActionResult notRemoval(RequestRecord r) {
        return new ActionResult.Rejected(422, ActionError.ACT_HASH_LIST_NOT_REMOVAL.code(), "a hash list follows a CONTENT_REMOVAL_ORDER; this"
                + " request is a " + r.messageType());
    }

    private static ActionResult notFound() {
        return new ActionResult.Rejected(404, CommonError.REQ_NOT_FOUND.code(), "no request with this id is visible to your certificate");
    }
}
