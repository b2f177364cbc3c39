package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads by the request's submitter (ADR-0010): the items of a request, one item's metadata, and its decrypted bytes.
 * Every read is an {@code EVIDENCE_OPENED} custody entry and a timeline event, committed after every integrity check
 * passed and before the first byte leaves the node.
 */
final class EvidenceReads {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceReads.class);

    private final RequestRepository requests;
    private final EvidenceStore store;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final EvidenceRecorder recorder;

    EvidenceReads(RequestRepository requests, EvidenceStore store, CustodyRecorder custody, Clock clock, EvidenceRecorder recorder) {
        this.requests = requests;
        this.store = store;
        this.custody = custody;
        this.clock = clock;
        this.recorder = recorder;
    }

    /** See {@link EvidenceService#items}. */
    List<EvidenceService.Item> items(ClientIdentity caller, String requestId) throws EvidenceException {
        RequestRecord r = ownRequest(caller, requestId);
        return recorder.items(r.id());
    }

    /** See {@link EvidenceService#describe}. */
    EvidenceService.Item describe(ClientIdentity caller, String requestId, String itemId) throws EvidenceException {
        RequestRecord r = ownRequest(caller, requestId);
        return recorder.item(r.id(), itemId).orElseThrow(() -> new EvidenceException(404, EvidenceError.EVD_UNKNOWN_ITEM.code(),
                "this request has no evidence item " + itemId));
    }

    /** See {@link EvidenceService#checkAtRest}. */
    void checkAtRest(EvidenceService.Item item) throws EvidenceException {
        try {
            store.check(item.requestId(), item.sha256(), item.cmsSha256());
        } catch (IOException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "the evidence store cannot read: " + e.getMessage(), e);
        }
    }

    /** See {@link EvidenceService#read(ClientIdentity, EvidenceService.Item, OutputStream, boolean)}. */
    long read(ClientIdentity caller, EvidenceService.Item item, OutputStream out, boolean checked) throws EvidenceException, IOException {
        String actor = "client:" + caller.fingerprint();
        boolean[] recorded = {false};
        OutputStream recording = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                before();
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                before();
                out.write(b);
            }

            private void before() throws IOException {
                if (!recorded[0]) {
                    recorded[0] = true;
                    recordReadOrFail(item, actor, caller.fingerprint());
                }
            }
        };
        long n = checked ? store.readChecked(item.requestId(), item.sha256(), recording)
                : store.read(item.requestId(), item.sha256(), item.cmsSha256(), recording);
        if (!recorded[0]) {
            recordReadOrFail(item, actor, caller.fingerprint());
        }
        return n;
    }

    private void recordReadOrFail(EvidenceService.Item item, String actor, String fingerprint) throws IOException {
        try {
            recordRead(item, actor, fingerprint);
        } catch (StorageException e) {
            throw new IOException(EvidenceError.EVD_ACCESS_LOG.code() + " the read could not be recorded", e);
        }
    }

    private void recordRead(EvidenceService.Item item, String actor, String fingerprint) {
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, item.requestId(), true).orElseThrow();
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.EVIDENCE_READ, r.state(), r.state(), now, now, actor,
                    "evidence item " + item.itemId() + " read (" + item.size() + " bytes)"));
            custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_OPENED, r.id(), now, actor, fingerprint, r.state(), r.state(), item.sha256(),
                    "evidence item " + item.itemId() + " decrypted and read"));
            return null;
        });
        custody.committed();
        LOG.info(EvidenceError.EVD_READ.code() + " request {} item {} by {}", item.requestId(), item.itemId(), actor);
    }

    /** The request, if the caller submitted it. */
    private RequestRecord ownRequest(ClientIdentity caller, String requestId) throws EvidenceException {
        Optional<RequestRecord> r = requestId == null ? Optional.empty() : requests.find(requestId);
        if (r.isEmpty() || !r.get().ownerFingerprint().equals(caller.fingerprint())) {
            throw new EvidenceException(404, CommonError.REQ_NOT_FOUND.code(), "no such request");
        }
        return r.get();
    }
}
