package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.network.CaseReceipts;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The case feature's storage outside a transaction, and the transactions of its jobs ({@link #inTx}, each
 * seeing a {@link CaseTxStore}). SQL failures cross the jobs as {@link CaseTxStore.Failure}.
 */
final class CaseStores {

    private final CaseRepository cases;
    private final RequestRepository requests;
    private final CustodyRecorder custody;
    private final AlarmLog alarms;
    private volatile PeerMessenger peers;
    private final CaseReceipts evidences;

    CaseStores(CaseRepository cases, RequestRepository requests, CustodyRecorder custody, PeerMessenger peers, AlarmLog alarms) {
        this(cases, requests, custody, peers, CaseReceipts.NONE, alarms);
    }

    /** @param evidences rem: the transport's RETRIEVED evidence, issued in the transaction of a case's first read (ADR-0016) */
    CaseStores(CaseRepository cases, RequestRepository requests, CustodyRecorder custody, PeerMessenger peers, CaseReceipts evidences,
               AlarmLog alarms) {
        this.evidences = evidences == null ? CaseReceipts.NONE : evidences;
        this.alarms = alarms;
        this.cases = cases;
        this.requests = requests;
        this.custody = custody;
        this.peers = peers;
    }

    CaseRepository repository() {
        return cases;
    }

    void usePeers(PeerMessenger messenger) {
        this.peers = messenger;
    }

    /** The case store bound to a transaction the caller (the transport, the order lifecycle) holds open. */
    CaseTxStore in(Tx c) {
        return new CaseTxStore(c, new CaseTxStore.Stores(cases, requests, alarms), custody, peers, evidences);
    }

    /** Work in one new transaction: commits when it returns, rolls back when it throws. */
    <T> T inTx(Function<CaseTxStore, T> work) {
        return CaseTxStore.sql(() -> cases.database().inTx(c -> {
            try {
                return work.apply(in(c));
            } catch (CaseTxStore.Failure f) {
                throw f.sql(); // the database sees the SQLException itself, as before
            }
        }));
    }

    /** Hands the custody records staged in committed transactions on. */
    void committed() {
        custody.committed();
    }

    Optional<InboundCase> find(String id) {
        return CaseTxStore.sql(() -> cases.find(id));
    }

    byte[] content(String id) {
        return CaseTxStore.sql(() -> cases.content(id));
    }

    List<String> pending() {
        return CaseTxStore.sql(cases::pending);
    }

    /** The domestic order made by {@code owner} with the idempotency key {@code key}, if any. */
    Optional<RequestRecord> orderByKey(String owner, String key) {
        return CaseTxStore.sql(() -> requests.findByIdempotencyKey(owner, key));
    }
}
