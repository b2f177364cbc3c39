package eu.eevidence.gw.gateway.cases;

import java.time.Instant;

/**
 * What the node stores about one case (without its content).
 *
 * @param peerNodeId         the requesting Party's node
 * @param messageId          the requester's message id (answers name it as their correlationId)
 * @param correlationId      the earlier message the request refers to (e.g. an Art. 31 request naming its Art. 29 preservation)
 * @param reviewRule         the deadline rule whose period bounds the review, when one fits (see docs/design/cases.md)
 * @param retrievedAt        first time the contact point opened the content
 * @param decidedBy          certificate fingerprint of the contact point that decided (owner of the domestic order)
 * @param domesticRequestId  the domestic order (a request of this node) once ordered
 * @param relatedCaseId      for a mutual-assistance request: the preservation case it follows
 * @param pendingAction      work to do on the domestic side after the commit (withdraw, hold, release), or null
 */
public record InboundCase(String id, String peerNodeId, String fromCountry, String messageId, String correlationId, String messageType,
                          String family, String flags, CaseState state, Instant receivedAt, Instant updatedAt, String contentSha256,
                          String reviewRule, Instant reviewDueAt, Instant retrievedAt, Instant decidedAt, String decidedBy,
                          String decidedBySubject, String decision, String reasonCode, String reasonText, Instant postponedUntil,
                          String platformId, String domesticRequestId, String relatedCaseId, String pendingAction, int version) {

    /** A changed copy of this case, moved to {@code to} at {@code at} (the other mutable columns as they are). */
    Builder moved(CaseState to, Instant at) {
        return new Builder(this).state(to).updated(at);
    }

    /** A changed copy (only the mutable columns). */
    static final class Builder {
        private final InboundCase k;
        private CaseState state;
        private Instant updatedAt;
        private Instant retrievedAt;
        private Instant decidedAt;
        private String decidedBy;
        private String decidedBySubject;
        private String decision;
        private String reasonCode;
        private String reasonText;
        private Instant postponedUntil;
        private String platformId;
        private String domesticRequestId;
        private String pendingAction;

        Builder(InboundCase k) {
            this.k = k;
            state = k.state;
            updatedAt = k.updatedAt;
            retrievedAt = k.retrievedAt;
            decidedAt = k.decidedAt;
            decidedBy = k.decidedBy;
            decidedBySubject = k.decidedBySubject;
            decision = k.decision;
            reasonCode = k.reasonCode;
            reasonText = k.reasonText;
            postponedUntil = k.postponedUntil;
            platformId = k.platformId;
            domesticRequestId = k.domesticRequestId;
            pendingAction = k.pendingAction;
        }

        Builder state(CaseState s) {
            state = s;
            return this;
        }

        Builder updated(Instant at) {
            updatedAt = at;
            return this;
        }

        Builder retrieved(Instant at) {
            retrievedAt = at;
            return this;
        }

        Builder decided(eu.eevidence.gw.gateway.access.ClientIdentity who, String kind, Instant at) {
            decidedBy = who.fingerprint();
            decidedBySubject = who.subject();
            decision = kind;
            decidedAt = at;
            return this;
        }

        Builder reason(String code, String text) {
            reasonCode = code;
            reasonText = text;
            return this;
        }

        Builder postponedUntil(Instant at) {
            postponedUntil = at;
            return this;
        }

        Builder platform(String id) {
            platformId = id;
            return this;
        }

        Builder domestic(String id) {
            domesticRequestId = id;
            return this;
        }

        Builder pending(String action) {
            pendingAction = action;
            return this;
        }

        InboundCase build() {
            return new InboundCase(k.id, k.peerNodeId, k.fromCountry, k.messageId, k.correlationId, k.messageType, k.family, k.flags, state,
                    k.receivedAt, updatedAt, k.contentSha256, k.reviewRule, k.reviewDueAt, retrievedAt, decidedAt, decidedBy, decidedBySubject,
                    decision, reasonCode, reasonText, postponedUntil, platformId, domesticRequestId, k.relatedCaseId, pendingAction, k.version);
        }
    }
}
