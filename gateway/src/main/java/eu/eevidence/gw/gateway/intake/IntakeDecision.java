package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.RequestRecord;

/** What {@link IntakePolicy} decided for one decoded submission; {@link IntakeService} applies it. */
sealed interface IntakeDecision {

    /** Why a submission is refused (each maps to its own operator log line). */
    enum Reason {
        /** ADR-0021: the signer is not the TLS client nor delegated to it (403 EEG-TRUST-SIGNER-MISMATCH). */
        SIGNER_MISMATCH,
        /** ADR-0031: an unsigned emergency where the deployment requires the requester's signature (403 EEG-REQ-EMERGENCY-UNSIGNED). */
        EMERGENCY_UNSIGNED,
        /** Neither an Idempotency-Key header nor a clientRequestId / messageId, or not 1-200 visible ASCII characters. */
        IDEMPOTENCY_KEY,
        /** Addressed to a State that no peer node of this node takes. */
        NO_ROUTE,
        /** Names a platform this node does not know. */
        UNKNOWN_PLATFORM,
        /** ADR-0021: signed too long ago or in the future (409 EEG-PKI-014). */
        STALE_SIGNATURE,
        /** ADR-0021: this signature was already accepted under another key (409 EEG-PKI-014). */
        SIGNATURE_REPLAY,
        /** The envelope's message id or correlation does not fit what this node has stored. */
        CORRELATION,
        /** ADR-0036: a civil court or administrative authority outside its scope (403 EEG-AUTH-ISSUER-SCOPE, 422 EEG-AUTH-ISSUER-KIND). */
        ISSUER_SCOPE
    }

    /** Refused; nothing is stored (a custody entry for the rejection only). */
    record Refuse(Reason reason, IntakeResult problem) implements IntakeDecision, IntakePolicy.Screening {
    }

    /** The same key and the same body were accepted before: answer with the existing request (and note the duplicate). */
    record Replay(RequestRecord existing) implements IntakeDecision {
    }

    /** The same key was used before with another body (409). */
    record Conflict(RequestRecord existing) implements IntakeDecision {
    }

    /**
     * Accept: store, seal and queue it for {@code platform}; {@code peer} is set when the platform is a peer node
     * (the request then travels in a catalogue envelope).
     */
    record Accept(DecodedSubmission.Message message, String key, String bodySha256, Platform platform, PeerSpec peer)
            implements IntakeDecision {
    }
}
