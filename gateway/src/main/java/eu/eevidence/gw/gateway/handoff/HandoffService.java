package eu.eevidence.gw.gateway.handoff;

import eu.eevidence.gw.gateway.infra.StorageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.adapter.paper.LegalPaperPdf;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.delivery.ManualHandoff;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.order.OrderError;

/**
 * Manual hand-off to a platform without a machine interface (adapter kind {@code manual-pdf}).
 *
 * <p>{@link #prepare}: the node writes {@code <dataDir>/handoff/<requestId>/} with {@code request.pdf} (the legal paper,
 * rendered by {@link LegalPaperPdf}), {@code request.p7m} (the sealed request exactly as it would have been delivered:
 * signed by the node, encrypted to the platform), {@code manifest.json} (ids and the SHA-256 and size of both files) and
 * {@code manifest.p7s} (CMS SignedData by the node over the manifest, content encapsulated). The request moves ACCEPTED ->
 * DISPATCHED with a {@code HANDOFF_PREPARED} timeline event and a custody entry (hash of the signed manifest). It is
 * <em>not</em> delivered: no portal gave a receipt.
 *
 * <p>{@link #confirm}: the submitting certificate states that the package was handed to the platform (when, and the
 * platform's reference); the request moves DISPATCHED -> DELIVERED with the reference as its receipt id, the timeline
 * names who confirmed, and a {@code HANDOFF_CONFIRMED} custody entry records it. Deadlines that start at delivery start
 * at the stated hand-over time. A repeat with the same reference is recognised; another reference is a conflict.
 */
public final class HandoffService implements ManualHandoff {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Signs the manifest with the node's key (CMS SignedData, DER). */
    @FunctionalInterface
    public interface ManifestSigner {
        byte[] sign(byte[] manifest) throws Exception;
    }

    private final RequestRepository requests;
    private final HandoffStore store;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private final ManifestSigner signer;
    private final Path root;
    private final Clock clock;

    public HandoffService(RequestRepository requests, HandoffStore store, LifecycleListener lifecycle, CustodyRecorder custody, ManifestSigner signer,
                          Path dataDir, Clock clock) {
        this.requests = requests;
        this.store = store;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.signer = signer;
        this.root = dataDir.resolve("handoff");
        this.clock = clock;
        this.followUps = new FollowUpHandoffs(requests, custody, signer, root, clock);
    }

    private final FollowUpHandoffs followUps;

    /** ADR-0032: a follow-up's own hand-off package ({@link FollowUpHandoffs}). */
    @Override
    public void prepareFollowUp(String noticeId) {
        followUps.prepare(noticeId);
    }

    /** The directory of a follow-up's package. */
    public Path followUpPackageDir(String requestId, String noticeId) {
        return followUps.packageDir(requestId, noticeId);
    }

    /** The submitter confirms the hand-over of a follow-up's package with the platform's reference (ADR-0032). */
    public ActionResult confirmFollowUp(ClientIdentity client, String requestId, String noticeId, String reference, Instant handedOverAt) {
        return followUps.confirm(client, requestId, noticeId, reference, handedOverAt);
    }

    /** The directory of a request's package. */
    public Path packageDir(String requestId) {
        return root.resolve(requestId);
    }

    /** A prepared hand-off as stored. */
    public record Handoff(String requestId, String platformId, String packageDir, String pdfSha256, String cmsSha256, String manifestSha256,
                          Instant preparedAt, Instant confirmedAt, String confirmedBy, String platformReference) {
    }

    @Override
    public void prepare(String requestId) {
        Optional<RequestRecord> found = requests.find(requestId);
        if (found.isEmpty() || !found.get().state().awaitsDelivery() || find(requestId).isPresent()) {
            return;
        }
        RequestRecord r = found.get();
        Instant now = clock.instant();
        Path dir = packageDir(requestId);
        String pdfSha;
        String cmsSha;
        String manifestSha;
        try {
            byte[] canonical = requests.canonicalJson(requestId);
            byte[] pdf = LegalPaperPdf.render(LegalPapers.of(r, canonical), requestId);
            byte[] cms = requests.sealedPayload(requestId);
            pdfSha = Digests.sha256(pdf);
            cmsSha = Digests.sha256(cms);
            ObjectNode m = JSON.createObjectNode();
            m.put("requestId", requestId).put("platformId", r.platformId()).put("messageType", r.messageType()).put("preparedAt", now.toString())
                    .put("purpose", "manual submission to a platform without a machine interface; request.p7m is the authoritative sealed request, "
                            + "request.pdf its rendering for reading");
            ArrayNode files = m.putArray("files");
            files.addObject().put("name", "request.pdf").put("mediaType", "application/pdf").put("size", pdf.length).put("sha256", pdfSha);
            files.addObject().put("name", "request.p7m").put("mediaType", "application/pkcs7-mime").put("size", cms.length).put("sha256", cmsSha);
            byte[] manifest = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            byte[] signed = signer.sign(manifest);
            manifestSha = Digests.sha256(signed);
            writePackage(dir, pdf, cms, manifest, signed);
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            LOG.error(HandoffError.CHN_HANDOFF_FAILED.code() + " request {}: the hand-off package could not be written ({})", requestId,
                    e.getClass().getSimpleName());
            throw new IllegalStateException(HandoffError.CHN_HANDOFF_FAILED.code() + " " + e.getClass().getSimpleName(), e);
        }
        boolean done = requests.database().inTx(c -> {
            RequestRecord cur = requests.find(c, requestId, true).orElseThrow();
            if (!cur.state().awaitsDelivery() || store.find(c, requestId).isPresent()) {
                return false;
            }
            RequestState to = cur.state() == RequestState.ACCEPTED ? cur.lifecycle().move(cur.state(), RequestState.DISPATCHED) : cur.state();
            store.insert(c, new Handoff(requestId, cur.platformId(), dir.toAbsolutePath().toString(), pdfSha, cmsSha, manifestSha, now, null, null,
                    null));
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.HANDOFF_PREPARED, cur.state(), to, now, now, "node",
                    "manual hand-off package handoff/" + requestId + "/ (request.pdf " + pdfSha + ", signed manifest " + manifestSha
                            + "); waiting for an operator to confirm the submission to " + cur.platformId()));
            requests.update(c, new RequestRecord(cur.id(), cur.messageType(), cur.platformId(), cur.requestedParty(), to, cur.ownerFingerprint(),
                    cur.idempotencyKey(), cur.bodySha256(), cur.sealedSha256(), cur.receivedAt(), now, cur.deliveryAttempts() + 1, null,
                    cur.preservationStart(), cur.preservationEnd(), cur.nextDeadlineAt(), cur.nextDeadlineKind(), null, null, cur.version()), null);
            custody.stage(c, new CustodyEvent(CustodyEventType.HANDOFF_PREPARED, requestId, now, "node", null, cur.state(), to, manifestSha,
                    "manual hand-off package for " + cur.platformId()));
            return true;
        });
        custody.committed();
        if (done) {
            LOG.info(HandoffError.CHN_HANDOFF_PREPARED.code() + " request {} for {}: package {} awaits manual submission", requestId, r.platformId(), dir);
        }
    }

    private static void writePackage(Path dir, byte[] pdf, byte[] cms, byte[] manifest, byte[] signed) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Files.write(tmp.resolve("request.pdf"), pdf);
        Files.write(tmp.resolve("request.p7m"), cms);
        Files.write(tmp.resolve("manifest.json"), manifest);
        Files.write(tmp.resolve("manifest.p7s"), signed);
        deleteTree(dir); // a package left by an attempt that crashed before its commit
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.delete(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * The submitting certificate confirms that it handed the package to the platform at {@code handedOverAt} (null: now),
     * which gave it {@code platformReference}.
     */
    public ActionResult confirm(ClientIdentity client, String requestId, String platformReference, Instant handedOverAt) {
        Optional<RequestRecord> found = requests.find(requestId).filter(x -> x.ownerFingerprint().equals(client.fingerprint()));
        if (found.isEmpty()) {
            return new ActionResult.Rejected(404, CommonError.REQ_NOT_FOUND.code(), "no request with this id was submitted with your certificate");
        }
        String ref = platformReference == null ? "" : platformReference.strip();
        if (ref.isEmpty() || ref.length() > 200 || ref.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            return new ActionResult.Rejected(422, HandoffError.CHN_BAD_REFERENCE.code(),
                    "give the platform's reference of the submission (1..200 printable characters)");
        }
        Instant now = clock.instant();
        Instant at = handedOverAt == null ? now : handedOverAt;
        if (at.isAfter(now.plus(Duration.ofMinutes(5)))) {
            return new ActionResult.Rejected(422, HandoffError.CHN_BAD_REFERENCE.code(), "the hand-over time lies in the future");
        }
        ActionResult result = requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            Optional<Handoff> h = store.find(c, requestId);
            if (h.isEmpty()) {
                return new ActionResult.Rejected(409, HandoffError.CHN_NO_HANDOFF.code(),
                        "this request has no manual hand-off package (not yet prepared, or its "
                        + "platform has a machine interface)");
            }
            if (h.get().confirmedAt() != null) {
                return ref.equals(h.get().platformReference()) ? new ActionResult.Done(r, "hand-off already confirmed")
                        : new ActionResult.Rejected(409, HandoffError.CHN_HANDOFF_CONFLICT.code(), "the hand-off was already confirmed with another reference");
            }
            if (at.isBefore(h.get().preparedAt().minus(Duration.ofMinutes(5)))) {
                return new ActionResult.Rejected(422, HandoffError.CHN_BAD_REFERENCE.code(), "the hand-over time is before the package was prepared");
            }
            if (!r.state().awaitsDelivery()) {
                return new ActionResult.Rejected(409, OrderError.LIFE_001.code(), "a " + r.state() + " request cannot be confirmed as handed over");
            }
            RequestState to = r.lifecycle().move(r.state(), RequestState.DELIVERED);
            store.confirm(c, requestId, now, client.subject(), client.fingerprint(), ref);
            String actor = "client:" + client.fingerprint();
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.HANDOFF_CONFIRMED, r.state(), to, at, now, actor,
                    "manual hand-off to " + r.platformId() + " confirmed by " + client.subject() + ", platform reference " + ref
                            + " (an operator's confirmation, not a portal receipt)"));
            requests.update(c, new RequestRecord(r.id(), r.messageType(), r.platformId(), r.requestedParty(), to, r.ownerFingerprint(),
                    r.idempotencyKey(), r.bodySha256(), r.sealedSha256(), r.receivedAt(), now, r.deliveryAttempts(), ref,
                    r.preservationStart(), r.preservationEnd(), r.nextDeadlineAt(), r.nextDeadlineKind(), null, null, r.version()), null);
            custody.stage(c, new CustodyEvent(CustodyEventType.HANDOFF_CONFIRMED, requestId, at, actor, client.fingerprint(), r.state(), to,
                    h.get().manifestSha256(), "handed to " + r.platformId() + ", reference " + ref));
            lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), "DELIVERED", at, null);
            return new ActionResult.Done(requests.find(c, requestId, false).orElseThrow(), "hand-off confirmed, platform reference " + ref);
        });
        custody.committed();
        if (result instanceof ActionResult.Done d && !d.detail().startsWith("hand-off already")) {
            LOG.info(HandoffError.CHN_HANDOFF_CONFIRMED.code() + " request {} handed to {} (reference confirmed by {})", requestId, d.request().platformId(),
                    client.fingerprint());
        }
        return result;
    }

    public Optional<Handoff> find(String requestId) {
        return requests.database().read(c -> store.find(c, requestId));
    }
}
