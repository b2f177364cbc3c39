package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.access.ClientIdentity;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The reviewing contact point reads a case's content; every read is recorded on the case and in the custody log, the
 * first one as RETRIEVED (with the transport's signed RETRIEVED evidence to the requester, ADR-0016), and the first read
 * after each follow-up of the requester as that follow-up's RETRIEVED (ADR-0032).
 */
final class CaseReading {

    private final CaseStores stores;
    private final CaseAnswers answers;
    private final Clock clock;

    CaseReading(CaseStores stores, CaseAnswers answers, Clock clock) {
        this.stores = stores;
        this.answers = answers;
        this.clock = clock;
    }

    /** See {@link InboundCaseService#read}. */
    Optional<byte[]> read(ClientIdentity who, String id) {
        Instant now = clock.instant();
        Optional<InboundCase> found = stores.inTx(tx -> {
            Optional<InboundCase> k = tx.find(id, true);
            if (k.isEmpty()) {
                return k;
            }
            InboundCase x = k.get();
            String actor = "client:" + who.fingerprint();
            if (x.retrievedAt() == null) {
                tx.update(x.moved(x.state(), x.updatedAt()).retrieved(now).build());
                tx.appendEvent(id, new CaseEvent(0, "RETRIEVED", x.state(), x.state(), now, now, actor, "first opened by the contact point"));
                tx.retrieved(x.peerNodeId(), x.messageId(), id, who, now); // rem: the signed RETRIEVED evidence to the requester
            }
            for (String followUp : tx.retrieveFollowUps(id, x.messageId(), now)) { // ADR-0032: each follow-up's RETRIEVED evidence
                tx.appendEvent(id, new CaseEvent(0, "FOLLOW_UP_RETRIEVED", x.state(), x.state(), now, now, actor, "follow-up " + followUp
                        + " first read with the case"));
                tx.retrieved(x.peerNodeId(), followUp, id, who, now);
            }
            tx.appendEvent(id, new CaseEvent(0, "CONTENT_READ", x.state(), x.state(), now, now, actor, null));
            tx.stage(CustodyEventType.EVIDENCE_OPENED, id, now, actor, who.fingerprint(), x.contentSha256(), "case content read");
            return k;
        });
        stores.committed();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(answers.catalogue().encodeJson(DomesticOrder.envelope(stores.content(id))));
    }
}
