package eu.eevidence.gw.gateway.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.paper.LegalPaperPdf;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The manual hand-off of a follow-up to a platform without a machine interface (ADR-0032): a package of its own,
 * {@code handoff/<requestId>/<noticeId>/} with {@code followup.pdf} (what the follow-up is, for a person), {@code
 * followup.p7m} (the sealed follow-up exactly as a portal would have received it), {@code manifest.json} and {@code
 * manifest.p7s} (signed by the node). The notice waits in state {@code HANDOFF} (not delivered: its deadline stays "not yet
 * confirmed by the addressee") until the request's submitter confirms the hand-over with the platform's reference, which
 * becomes the notice's receipt id.
 */
final class FollowUpHandoffs {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpHandoffs.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE = "HANDOFF";

    private final RequestRepository requests;
    private final CustodyRecorder custody;
    private final HandoffService.ManifestSigner signer;
    private final Path root;
    private final Clock clock;

    FollowUpHandoffs(RequestRepository requests, CustodyRecorder custody, HandoffService.ManifestSigner signer, Path root, Clock clock) {
        this.requests = requests;
        this.custody = custody;
        this.signer = signer;
        this.root = root;
        this.clock = clock;
    }

    Path packageDir(String requestId, String noticeId) {
        return root.resolve(requestId).resolve(noticeId);
    }

    /** Prepares the package of a PENDING follow-up (idempotent: a notice already handed off or done is left alone). */
    void prepare(String noticeId) {
        Notice n = requests.database().read(c -> requests.findNotice(c, noticeId)).orElse(null);
        if (n == null || !"PENDING".equals(n.state())) {
            return;
        }
        RequestRecord r = requests.find(n.requestId()).orElseThrow();
        Instant now = clock.instant();
        Path dir = packageDir(r.id(), n.id());
        String manifestSha;
        try {
            byte[] pdf = LegalPaperPdf.render(paper(r, n), n.id());
            ObjectNode m = JSON.createObjectNode();
            m.put("requestId", r.id()).put("followUpId", n.id()).put("type", n.kind()).put("platformId", r.platformId())
                    .put("relatedReference", r.receiptId()).put("preparedAt", now.toString())
                    .put("purpose", "manual submission of a follow-up; followup.p7m is the authoritative sealed follow-up, followup.pdf describes it");
            ArrayNode files = m.putArray("files");
            files.addObject().put("name", "followup.pdf").put("mediaType", "application/pdf").put("size", pdf.length).put("sha256", Digests.sha256(pdf));
            files.addObject().put("name", "followup.p7m").put("mediaType", "application/pkcs7-mime").put("size", n.payload().length)
                    .put("sha256", n.payloadSha256());
            byte[] manifest = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            byte[] signed = signer.sign(manifest);
            manifestSha = Digests.sha256(signed);
            write(dir, pdf, n.payload(), manifest, signed);
        } catch (Exception e) {
            LOG.error(HandoffError.CHN_HANDOFF_FAILED.code() + " follow-up {}: the hand-off package could not be written ({})", noticeId,
                    e.getClass().getSimpleName());
            throw new IllegalStateException(HandoffError.CHN_HANDOFF_FAILED.code() + " " + e.getClass().getSimpleName(), e);
        }
        String sha = manifestSha;
        requests.database().inTx(c -> {
            RequestRecord cur = requests.find(c, r.id(), true).orElseThrow();
            Notice now2 = requests.findNotice(c, noticeId).orElseThrow();
            if (!"PENDING".equals(now2.state())) {
                return null;
            }
            requests.updateNotice(c, noticeId, STATE, null, null, now);
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.HANDOFF_PREPARED, cur.state(), cur.state(), now, now, "node",
                    n.kind() + " follow-up " + noticeId + ": manual hand-off package handoff/" + r.id() + "/" + noticeId + "/ (signed manifest " + sha
                            + "); waiting for the submitter to confirm its submission to " + r.platformId()));
            custody.stage(c, new CustodyEvent(CustodyEventType.HANDOFF_PREPARED, r.id(), now, "node", null, cur.state(), cur.state(), sha,
                    "manual hand-off package of follow-up " + noticeId + " for " + r.platformId()));
            return null;
        });
        custody.committed();
        LOG.info(HandoffError.CHN_HANDOFF_PREPARED.code() + " follow-up {} of request {} for {}: package {} awaits manual submission", noticeId, r.id(),
                r.platformId(), dir);
    }

    /** The submitter confirms that it handed the follow-up's package to the platform, which gave it {@code reference}. */
    ActionResult confirm(ClientIdentity client, String requestId, String noticeId, String reference, Instant handedOverAt) {
        Optional<RequestRecord> owned = requests.find(requestId).filter(x -> x.ownerFingerprint().equals(client.fingerprint()));
        if (owned.isEmpty()) {
            return new ActionResult.Rejected(404, CommonError.REQ_NOT_FOUND.code(), "no request with this id was submitted with your certificate");
        }
        String ref = reference == null ? "" : reference.strip();
        Instant now = clock.instant();
        Instant at = handedOverAt == null ? now : handedOverAt;
        if (ref.isEmpty() || ref.length() > 200 || ref.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) || at.isAfter(now.plus(Duration.ofMinutes(5)))) {
            return new ActionResult.Rejected(422, HandoffError.CHN_BAD_REFERENCE.code(),
                    "give the platform's reference (1..200 printable characters) and a hand-over time not in the future");
        }
        ActionResult result = requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            Optional<Notice> n = requests.findNotice(c, noticeId).filter(x -> x.requestId().equals(requestId));
            if (n.isEmpty() || !(STATE.equals(n.get().state()) || n.get().sent())) {
                return new ActionResult.Rejected(409, HandoffError.CHN_NO_HANDOFF.code(), "this request has no follow-up package " + noticeId
                        + " waiting for its confirmation");
            }
            if (n.get().sent()) {
                return ref.equals(n.get().receiptId()) ? new ActionResult.Done(r, "hand-off already confirmed")
                        : new ActionResult.Rejected(409, HandoffError.CHN_HANDOFF_CONFLICT.code(), "the hand-off was already confirmed with another reference");
            }
            requests.updateNotice(c, noticeId, "SENT", ref, null, at);
            String actor = "client:" + client.fingerprint();
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.FOLLOW_UP_DELIVERED, r.state(), r.state(), at, now, actor,
                    n.get().kind() + " notice " + noticeId + " handed over manually, platform reference " + ref
                            + (n.get().deadlineRule() == null ? "" : "; deadline " + n.get().deadlineRule() + " confirmed by the addressee")
                            + " (an operator's confirmation, not a portal receipt)"));
            custody.stage(c, new CustodyEvent(CustodyEventType.HANDOFF_CONFIRMED, requestId, at, actor, client.fingerprint(), r.state(), r.state(),
                    n.get().payloadSha256(), "follow-up " + noticeId + " handed to " + r.platformId() + ", reference " + ref));
            return new ActionResult.Done(requests.find(c, requestId, false).orElseThrow(), "follow-up hand-off confirmed, platform reference " + ref);
        });
        custody.committed();
        return result;
    }

    private static DeliveryRequest.LegalPaper paper(RequestRecord r, Notice n) {
        String what = FollowUpType.ofKind(n.kind()).map(t -> t.name() + " (operation " + t.operation() + ")").orElse(n.kind());
        StringBuilder b = new StringBuilder("Follow-up: " + what + "\nOf request: " + r.id() + " (" + r.messageType() + ")\nPlatform reference of the request: "
                + (r.receiptId() == null ? "-" : r.receiptId()) + "\nCreated: " + n.createdAt());
        if (n.deadlineRule() != null) {
            b.append("\nDeadline changed: ").append(n.deadlineRule()).append(", new end ").append(n.dueAt());
        }
        b.append("\nSealed follow-up (followup.p7m, CMS signed and encrypted to the platform) SHA-256: ").append(n.payloadSha256())
                .append("\nThe sealed follow-up is the authoritative text (with its reason or answer); this paper identifies it.");
        return new DeliveryRequest.LegalPaper("Follow-up " + n.kind() + " of request " + r.id(), List.of(new DeliveryRequest.LegalPaper.Section(
                "Follow-up", b.toString())));
    }

    private static void write(Path dir, byte[] pdf, byte[] cms, byte[] manifest, byte[] signed) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        HandoffService.deleteTree(tmp);
        Files.createDirectories(tmp);
        Files.write(tmp.resolve("followup.pdf"), pdf);
        Files.write(tmp.resolve("followup.p7m"), cms);
        Files.write(tmp.resolve("manifest.json"), manifest);
        Files.write(tmp.resolve("manifest.p7s"), signed);
        HandoffService.deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }
}
