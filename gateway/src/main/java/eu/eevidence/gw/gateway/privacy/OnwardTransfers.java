package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Onward transfers of a request's data (Second Additional Protocol Art. 14(10)): the owner of the request records that
 * it passes the data received to another authority, on which legal basis and under which authorisation. Each transfer is
 * a row (kept after a purge: it is the record an audit needs), a timeline event and a custody event; it is refused
 * without an authorisation reference and once the request's personal data were purged.
 */
public final class OnwardTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(OnwardTransfers.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestRepository requests;
    private final OnwardTransferStore store;
    private final Clock clock;

    /** With the JDBC {@link OnwardTransferStore}. */
    public OnwardTransfers(RequestRepository requests, Clock clock) {
        this(requests, new OnwardTransferStore(), clock);
    }

    public OnwardTransfers(RequestRepository requests, OnwardTransferStore store, Clock clock) {
        this.requests = requests;
        this.store = store;
        this.clock = clock;
    }

    /** One recorded transfer. */
    public record Transfer(String id, String requestId, String recipient, String legalBasis, String authorisationReference, String recordedBy,
                           Instant recordedAt) {
    }

    /** The outcome of {@link #record}: the transfer, or what is wrong with it (violations), or that the request was purged. */
    public record Outcome(Transfer transfer, List<Violation> violations, boolean purged) {
    }

    /** The violations of a transfer's fields (stable codes), empty when it can be recorded. */
    public static List<Violation> check(String recipient, String legalBasis, String authorisationReference) {
        List<Violation> v = new ArrayList<>();
        if (blankOrLonger(recipient, 300)) {
            v.add(new Violation("$.recipient", PrivacyError.ONW_RECIPIENT.code(), "required: the authority the data go to, 1-300 characters"));
        }
        if (blankOrLonger(legalBasis, 300)) {
            v.add(new Violation("$.legalBasis", PrivacyError.ONW_LEGAL_BASIS.code(), "required: the legal basis of the transfer, 1-300 characters"));
        }
        if (blankOrLonger(authorisationReference, 200)) {
            v.add(new Violation("$.authorisationReference", PrivacyError.ONW_AUTHORISATION.code(),
                    "required: the reference of the requested Party's authorisation (Protocol Art. 14(10)), 1-200 characters"));
        }
        return v;
    }

    private static boolean blankOrLonger(String s, int max) {
        return s == null || s.isBlank() || s.strip().length() > max;
    }

    /** Records a transfer of request {@code requestId}'s data by {@code actor} (the owner's certificate fingerprint). */
    public Outcome record(String requestId, String ownerFingerprint, String recipient, String legalBasis, String authorisationReference) {
        List<Violation> v = check(recipient, legalBasis, authorisationReference);
        if (!v.isEmpty()) {
            return new Outcome(null, v, false);
        }
        Instant now = clock.instant();
        byte[] rnd = new byte[10];
        RANDOM.nextBytes(rnd);
        Transfer t = new Transfer("ONW-" + HexFormat.of().formatHex(rnd), requestId, recipient.strip(), legalBasis.strip(),
                authorisationReference.strip(), ownerFingerprint, now);
        return requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElse(null);
            if (r == null || !RequestRepository.existsUnpurged(c, requestId)) {
                return new Outcome(null, List.of(), true);
            }
            store.insert(c, t);
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.ONWARD_TRANSFER, r.state(), r.state(), now, now,
                    "client:" + ownerFingerprint, "onward transfer " + t.id() + " to " + t.recipient() + "; legal basis " + t.legalBasis()
                    + "; authorisation " + t.authorisationReference()));
            LOG.info(PrivacyError.ONW_RECORDED.code() + " request {} onward transfer {}", requestId, t.id());
            return new Outcome(t, List.of(), false);
        });
    }

    /** The transfers recorded for a request, oldest first. */
    public List<Transfer> list(String requestId) {
        return requests.database().read(c -> store.list(c, requestId));
    }
}
