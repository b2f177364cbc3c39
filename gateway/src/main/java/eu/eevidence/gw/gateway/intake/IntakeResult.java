package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.schema.validation.Violation;

import java.util.List;

/** The answer to one submission. Each maps to one HTTP status at the API. */
public sealed interface IntakeResult {

    /** Accepted and durable (201). */
    record Created(RequestRecord request) implements IntakeResult {
    }

    /** The same key with the same body was accepted before (200, same request). */
    record Replayed(RequestRecord request) implements IntakeResult {
    }

    /** The same key was used before with a different body (409). */
    record Conflict(String existingRequestId) implements IntakeResult {
    }

    /** Not acceptable (400 for syntax, 422 for rules). Nothing was stored. */
    record Invalid(List<Violation> violations, boolean syntactic) implements IntakeResult {
        public Invalid {
            violations = List.copyOf(violations);
        }
    }

    /**
     * Refused for who sent it or when (ADR-0021): a signed request whose signer is not the TLS client (403
     * {@code EEG-TRUST-SIGNER-MISMATCH}), or a replayed or stale signed request (409 {@code EEG-PKI-014}). Nothing was stored.
     */
    record Refused(int status, String code, String title, String detail) implements IntakeResult {
    }

    /** The node could not make the request durable (503). Nothing was stored; the client may retry with the same key. */
    record Unavailable(String code, String reason) implements IntakeResult {
    }
}
