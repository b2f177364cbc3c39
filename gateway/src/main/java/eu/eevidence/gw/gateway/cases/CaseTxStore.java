package eu.eevidence.gw.gateway.cases;

import java.sql.SQLException;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.network.CaseReceipts;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The case feature's storage as seen inside one open transaction: the case tables, the domestic request rows, the
 * custody records staged in it and the answers queued in it for the requesting node. The jobs of the case feature
 * ({@link CaseOpening}, {@link RequesterFollowUps}, {@link ContactPointDecisions}, {@link DomesticProgress},
 * {@link CaseAnswers}) work through it and so never touch JDBC; an {@link SQLException} crosses them unchecked as a
 * {@link Failure} and is thrown as it was again at the edge ({@link #checked}, {@link CaseStores#inTx}).
 */
final class CaseTxStore {

    private final Tx c;
    private final CaseRepository cases;
    private final RequestRepository requests;
    private final AlarmLog alarms;
    private final CustodyRecorder custody;
    private final PeerMessenger peers;
    private final CaseReceipts evidences;

    /** The stores a case transaction writes into: the cases, the domestic requests, the alarms (ADR-0030). */
    record Stores(CaseRepository cases, RequestRepository requests, AlarmLog alarms) {
    }

    CaseTxStore(Tx c, Stores stores, CustodyRecorder custody, PeerMessenger peers, CaseReceipts evidences) {
        this.c = c;
        this.cases = stores.cases();
        this.requests = stores.requests();
        this.alarms = stores.alarms();
        this.custody = custody;
        this.peers = peers;
        this.evidences = evidences;
    }

    /** Raises an alarm in this transaction (ADR-0030). */
    void raise(Alarm alarm) {
        sql(() -> {
            alarms.raise(c, alarm);
            return null;
        });
    }

    Optional<InboundCase> find(String id, boolean forUpdate) {
        return sql(() -> cases.find(c, id, forUpdate));
    }

    Optional<InboundCase> findByDomestic(String requestId) {
        return sql(() -> cases.findByDomestic(c, requestId));
    }

    Optional<InboundCase> findByPeerMessage(String peerNodeId, String messageId) {
        return sql(() -> cases.findByPeerMessage(c, peerNodeId, messageId));
    }

    Optional<InboundCase> findByAnyMessage(String peerNodeId, String messageId) {
        return sql(() -> cases.findByAnyMessage(c, peerNodeId, messageId));
    }

    void insert(InboundCase k, byte[] content) {
        sql(() -> {
            cases.insert(c, k, content);
            return null;
        });
    }

    /** ADR-0032: the requester's follow-ups of the case not yet retrieved, marked retrieved at {@code at}. */
    List<String> retrieveFollowUps(String caseId, String requestMessageId, Instant at) {
        return sql(() -> cases.retrieveFollowUps(c, caseId, requestMessageId, at));
    }

    /** @return false when the case already holds this message (a duplicate) */
    boolean insertMessage(String caseId, String direction, String messageId, String messageType, byte[] body, String sha256, Instant at,
                          String outboxId) {
        return sql(() -> cases.insertMessage(c, caseId, direction, messageId, messageType, body, sha256, at, outboxId));
    }

    void update(InboundCase k) {
        sql(() -> {
            cases.update(c, k);
            return null;
        });
    }

    void appendEvent(String caseId, CaseEvent e) {
        sql(() -> {
            cases.appendEvent(c, caseId, e);
            return null;
        });
    }

    byte[] content(String caseId) {
        return sql(() -> cases.content(c, caseId));
    }

    int messageCount(String caseId) {
        return sql(() -> cases.messages(c, caseId).size());
    }

    Optional<byte[]> latestPlatformAnswer(String requestId, String messageType) {
        return sql(() -> cases.latestPlatformAnswer(c, requestId, messageType));
    }

    Optional<RequestRecord> request(String id, boolean forUpdate) {
        return sql(() -> requests.find(c, id, forUpdate));
    }

    /** Stages a custody record of the case in this transaction. */
    void stage(CustodyEventType type, String caseId, Instant at, String actor, String certSha256, String sha, String detail) {
        sql(() -> {
            custody.stage(c, new CustodyEvent(type, caseId, at, actor, certSha256, null, null, sha, detail));
            return null;
        });
    }

    /** Queues a message to the requesting node in this transaction; returns the outbox entry's id. */
    String send(String peerNodeId, String messageId, byte[] envelope) {
        return sql(() -> peers.send(c, peerNodeId, messageId, envelope));
    }

    /** rem: the signed RETRIEVED evidence to the requester, queued in this transaction (ADR-0016). */
    void retrieved(String peerNodeId, String messageId, String caseId, ClientIdentity who, Instant at) {
        sql(() -> {
            evidences.retrieved(c, peerNodeId, messageId, caseId, who, at);
            return null;
        });
    }

    // ------------------------------------------------------------------ SQLException across the jobs

    /** An {@link SQLException} carried unchecked through the case feature's jobs. */
    static final class Failure extends RuntimeException {
        private final SQLException sql;

        Failure(SQLException sql) {
            super(sql.getMessage(), sql, false, false);
            this.sql = sql;
        }

        SQLException sql() {
            return sql;
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run() throws X;
    }

    static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** Runs a job and throws the {@link SQLException} it carried as a {@link Failure} again, as it was. */
    static <T, X extends Exception> T checked(Work<T, X> work) throws X {
        try {
            try {
                return work.run();
            } catch (Failure f) {
                throw f.sql();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
