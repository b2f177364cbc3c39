package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.Digests;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The contact point's decisions on a case a platform opened with its own emergency disclosure (ADR-0031 amendment 2;
 * peer id {@code platform:<id>}). There is no requesting node to answer: ANSWER records what the contact point did
 * (e.g. alerted the police) and closes the case COMPLETED; REFUSE dismisses the disclosure (ground and reason recorded)
 * and closes it REFUSED; neither sends anything. ACCEPT (a domestic order), POSTPONE and CLARIFY are answers to a
 * requesting Party and are refused with {@code 409 EEG-CASE-PLATFORM-CASE}, nothing recorded.
 */
final class PlatformCaseDecisions {

    /** The decisions that make sense without a requesting node. */
    static final Set<Decision.Kind> ALLOWED = EnumSet.of(Decision.Kind.ANSWER, Decision.Kind.REFUSE);

    private PlatformCaseDecisions() {
    }

    /** True for a case a platform opened itself (ADR-0031): no requesting node. */
    static boolean applies(InboundCase k) {
        return k.peerNodeId() != null && k.peerNodeId().startsWith(CaseOpening.PLATFORM_PREFIX);
    }

    /** Refuses a decision that needs a requesting node. */
    static void check(InboundCase k, Decision d) throws CaseException {
        if (!ALLOWED.contains(d.kind())) {
            throw new CaseException(409, CaseError.CASE_PLATFORM_CASE.code(), "case " + k.id() + " was opened by " + k.peerNodeId()
                    + "'s own emergency disclosure: there is no requesting Party to " + d.kind() + " for; record what was done with ANSWER"
                    + " (closes the case) or dismiss it with REFUSE");
        }
    }

    /** Records the decision and closes the case, in the caller's transaction; nothing is sent. */
    static void decide(CaseTxStore tx, ClientIdentity who, InboundCase k, Decision d, Instant now) throws CaseException {
        CaseState target = d.kind().target();
        k.state().move(target);
        String actor = "client:" + who.fingerprint();
        InboundCase.Builder b = k.moved(target, now).decided(who, d.kind().name(), now);
        if (d.kind() == Decision.Kind.REFUSE) {
            b.reason(d.ground().name(), d.reason().strip());
            tx.update(b.build());
            tx.appendEvent(k.id(), new CaseEvent(0, "DISMISSED", k.state(), target, now, now, actor,
                    "platform disclosure dismissed (" + d.ground() + "): " + d.reason().strip() + "; nothing sent"));
            tx.stage(CustodyEventType.REQUEST_REFUSED, k.id(), now, actor, who.fingerprint(), null,
                    "platform emergency disclosure dismissed by the contact point: " + d.ground());
            return;
        }
        String summary = d.summary().strip();
        b.reason("HANDLED", summary.length() > 1000 ? summary.substring(0, 1000) : summary);
        tx.update(b.build());
        tx.appendEvent(k.id(), new CaseEvent(0, "HANDLED", k.state(), target, now, now, actor,
                "platform disclosure handled by the contact point; nothing sent"));
        tx.stage(CustodyEventType.ACKNOWLEDGED, k.id(), now, actor, who.fingerprint(),
                Digests.sha256(summary.getBytes(StandardCharsets.UTF_8)), "platform emergency disclosure handled by the contact point");
    }
}
