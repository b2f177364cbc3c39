package eu.eevidence.gw.gateway.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.tiles.LogArchive;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.gateway.network.ReceiptInbox;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers one request's court bundle (ADR-0029, docs/design/court-bundle.md) from the stores and writes it with
 * {@link BundleWriter}. What the caller may see is decided by the API and passed as an {@link Audience}: the request as
 * submitted or redacted, the answers' bodies or only their digests, the evidence items' bytes or not.
 */
public final class BundleAssembler {

    static final ObjectMapper JSON = JsonCodec.canonicalMapper();

    /** Where the parts come from; {@code evidences} is null on a node without peers. */
    public record Needs(RequestRepository requests, ReceiptInbox evidences, BundleStore store, CustodyService custody,
                        RequestCustody.Witnesses witnesses) {
        /** Without witnesses (a node without peers): the bundle carries the node's own checkpoint. */
        public Needs(RequestRepository requests, ReceiptInbox evidences, BundleStore store, CustodyService custody) {
            this(requests, evidences, store, custody, RequestCustody.Witnesses.NONE);
        }
    }

    /** Streams one evidence item's plaintext (the API checks that the caller may read it). */
    @FunctionalInterface
    public interface ItemReader {
        void read(String itemId, OutputStream out) throws IOException;
    }

    /**
     * What this caller gets.
     *
     * @param submitted the request as the caller may see it (the stored submission, or its redacted JSON), or null if purged
     * @param redacted  whether {@code submitted} is redacted
     * @param answerBodies whether the answers' bodies are included (else their digests only)
     * @param items     reads the evidence items' bytes, or null to list them only
     */
    public record Audience(byte[] submitted, boolean redacted, boolean answerBodies, ItemReader items) {
    }

    /** The bundle written: its signed manifest (whose SHA-256 names the bundle in the custody log) and its file count. */
    public record Written(byte[] manifest, int files) {
    }

    private final Needs needs;
    private final BundleWriter.ManifestSigner signer;
    private final String signerSubject;

    public BundleAssembler(Needs needs, BundleWriter.ManifestSigner signer, String signerSubject) {
        this.needs = needs;
        this.signer = signer;
        this.signerSubject = signerSubject;
    }

    /**
     * The request's custody snapshot against the latest cosigned checkpoint, publishing one first if some of its records
     * are not yet in it, and having it cosigned by the node's witnesses (ADR-0028) if it is not yet.
     */
    public RequestCustody.Snapshot snapshot(String requestId) throws IOException {
        CustodyService custody = needs.custody();
        RequestCustody.Snapshot s = read(() -> RequestCustody.of(custody.log(), custody.records(), requestId));
        if (s.pending() == 0 && needs.witnesses() == RequestCustody.Witnesses.NONE) {
            return s;
        }
        return read(() -> {
            if (s.pending() > 0) {
                custody.flushAndPublish();
            }
            return RequestCustody.of(custody.log(), custody.records(), requestId, needs.witnesses());
        });
    }

    /** A read from a store or the log; any failure is an {@link IOException} (the caller answers 503 and logs it). */
    @FunctionalInterface
    interface Read<T> {
        T get() throws Exception;
    }

    static <T> T read(Read<T> r) throws IOException {
        try {
            return r.get();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the bundle of {@code r} to {@code out}. */
    public Written write(RequestRecord r, Audience who, OutputStream out) throws IOException, CustodyException, PkiException {
        Gathered g = gather(r);
        BundleWriter w = new BundleWriter(out);
        int files = 0;
        w.add(CourtBundle.README, "text/plain", readme(g).getBytes(StandardCharsets.UTF_8));
        w.add(CourtBundle.SUMMARY, "application/pdf", BundleSummary.pdf(g, who, signerSubject));
        files += 2 + request(w, g, who);
        files += exchanges(w, g, who);
        files += CustodyPart.write(w, g.custody(), g.archive());
        byte[] manifest = w.finish(signer);
        return new Written(manifest, files);
    }

    /** Everything about the request the bundle shows, read before anything is written. */
    record Gathered(RequestRecord request, byte[] sealed, List<TimelineEvent> timeline, Exchanges exchanges, RequestCustody.Snapshot custody,
                    CustodyPart.Archive archive) {
        byte[] receipt() {
            return exchanges.receipt();
        }

        List<ReceiptInbox.Stored> evidences() {
            return exchanges.evidences();
        }

        Map<String, byte[]> evidenceBytes() {
            return exchanges.evidenceBytes();
        }

        List<BundleStore.Answer> answers() {
            return exchanges.answers();
        }

        List<BundleStore.Item> items() {
            return exchanges.items();
        }
    }

    /** What came back for the request: the receipt, the peers' network evidences (and their signed bytes), answers, items. */
    record Exchanges(byte[] receipt, List<ReceiptInbox.Stored> evidences, Map<String, byte[]> evidenceBytes, List<BundleStore.Answer> answers,
                     List<BundleStore.Item> items) {
    }

    private Gathered gather(RequestRecord r) throws IOException {
        String id = r.id();
        ReceiptInbox inbox = needs.evidences();
        List<ReceiptInbox.Stored> evidences = inbox == null ? List.of() : read(() -> inbox.forRequest(id));
        Map<String, byte[]> signed = new LinkedHashMap<>();
        for (ReceiptInbox.Stored e : evidences) {
            Optional<byte[]> b = read(() -> inbox.signed(id, e.receiptId()));
            b.ifPresent(bytes -> signed.put(e.receiptId(), bytes));
        }
        RequestRepository requests = needs.requests();
        byte[] receipt = read(() -> requests.receiptBody(id));
        CustodyService custody = needs.custody();
        RequestCustody.Snapshot snapshot = snapshot(id);
        CustodyPart.Archive archive = o -> LogArchive.write(custody.log().published(), snapshot.checkpoint().size(), snapshot.note(), o);
        Exchanges exchanges = new Exchanges(receipt == null || receipt.length == 0 ? null : receipt, evidences, signed,
                read(() -> needs.store().answers(id)), read(() -> needs.store().items(id)));
        return new Gathered(r, read(() -> requests.sealedPayload(id)), read(() -> requests.timeline(id)), exchanges, snapshot, archive);
    }

    private static int request(BundleWriter w, Gathered g, Audience who) throws IOException {
        int n = 2;
        w.add(CourtBundle.STATUS, "application/json", JSON.writeValueAsBytes(status(g.request(), who)));
        if (who.submitted() != null) {
            w.add(CourtBundle.SUBMITTED, "application/json", who.submitted());
            n++;
        }
        if (g.sealed() != null && g.sealed().length > 0) {
            w.add(CourtBundle.SEALED, "application/pkcs7-mime", g.sealed());
            n++;
        }
        w.add(CourtBundle.TIMELINE, "application/json", JSON.writeValueAsBytes(g.timeline().stream().map(BundleAssembler::event).toList()));
        return n;
    }

    private static int exchanges(BundleWriter w, Gathered g, Audience who) throws IOException {
        int n = 0;
        if (g.receipt() != null) {
            w.add(CourtBundle.RECEIPT, "application/octet-stream", g.receipt());
            n++;
        }
        for (Map.Entry<String, byte[]> e : g.evidenceBytes().entrySet()) {
            w.add(CourtBundle.NETWORK_EVIDENCES + CourtBundle.safe(e.getKey()) + ".p7s", "application/pkcs7-mime", e.getValue());
            n++;
        }
        List<Map<String, Object>> index = new ArrayList<>();
        for (BundleStore.Answer a : g.answers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messageId", a.messageId());
            m.put("messageType", a.messageType());
            m.put("senderCertSha256", a.senderFingerprint());
            m.put("bodySha256", a.bodySha256());
            m.put("receivedAt", a.receivedAt());
            m.put("outcome", a.outcome());
            if (who.answerBodies()) {
                String name = CourtBundle.ANSWERS + CourtBundle.safe(a.messageId()) + ".body";
                w.add(name, "application/octet-stream", a.body());
                m.put("file", name);
                n++;
            }
            index.add(m);
        }
        w.add(CourtBundle.ANSWERS + "index.json", "application/json", JSON.writeValueAsBytes(index));
        return n + 1 + evidence(w, g, who);
    }

    private static int evidence(BundleWriter w, Gathered g, Audience who) throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        int n = 1;
        for (BundleStore.Item i : g.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("itemId", i.itemId());
            m.put("sha256", i.sha256());
            m.put("size", i.size());
            m.put("mediaType", i.mediaType());
            m.put("supplier", i.supplier());
            m.put("answerId", i.answerId());
            m.put("storedAt", i.storedAt());
            if (who.items() != null) {
                String name = CourtBundle.EVIDENCE_ITEMS + CourtBundle.safe(i.itemId());
                try (OutputStream o = w.open(name, i.mediaType() == null ? "application/octet-stream" : i.mediaType())) {
                    who.items().read(i.itemId(), new FilterOutputStream(o) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            o.write(b, off, len);
                        }

                        @Override
                        public void close() {
                            // the bundle's writer closes the entry
                        }
                    });
                }
                m.put("file", name);
                n++;
            }
            manifest.add(m);
        }
        w.add(CourtBundle.EVIDENCE_MANIFEST, "application/json", JSON.writeValueAsBytes(manifest));
        return n;
    }

    static Map<String, Object> status(RequestRecord r, Audience who) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("type", r.messageType());
        v.put("platformId", r.platformId());
        v.put("requestedParty", r.requestedParty());
        v.put("state", r.state().name());
        v.put("receivedAt", r.receivedAt());
        v.put("updatedAt", r.updatedAt());
        v.put("submittedSha256", r.bodySha256());
        v.put("sealedSha256", r.sealedSha256());
        v.put("receiptId", r.receiptId());
        v.put("submittedRedacted", who.redacted());
        v.put("submittedIncluded", who.submitted() != null);
        return v;
    }

    static Map<String, Object> event(TimelineEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("event", e.event().name());
        m.put("from", e.from() == null ? null : e.from().name());
        m.put("to", e.to() == null ? null : e.to().name());
        m.put("occurredAt", e.occurredAt());
        m.put("recordedAt", e.recordedAt());
        m.put("actor", e.actor());
        return m;
    }

    private static String readme(Gathered g) {
        return """
                Court bundle of request %1$s (ADR-0029; docs/design/court-bundle.md, docs/auditors.md).
                A ZIP in the spirit of ASiC-E (ETSI EN 319 162-1): META-INF/ASiCManifest.xml lists every file with its SHA-256 and
                is signed by the node (detached CAdES, META-INF/signature.p7s). summary.pdf is a readable account; the files are
                the evidence. Check everything offline, with the CA certificate of the network as trust anchor:

                  java -jar evidence-gateway.jar audit bundle verify --trust ca.pem custody-%1$s.zip

                The custody part (vkey.txt, checkpoint.txt, custody.json, records/<index>.json, custody-log.zip at log size %2$d)
                also works with `audit checkpoint`, `audit verify` and `audit record` as before.
                Exit codes: 0 valid, 1 invalid, 2 malformed input.
                """.formatted(g.request().id(), g.custody().checkpoint().size());
    }
}
