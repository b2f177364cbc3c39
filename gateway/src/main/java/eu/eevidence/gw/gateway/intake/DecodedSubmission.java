package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.Instant;
import java.util.List;

/** What the bytes of one submission decode to: a request ready for the intake policy, or the reasons it is malformed. */
sealed interface DecodedSubmission {

    /**
     * A decoded request: its envelope when one was sent, the canonical bytes stored, and, for a signed submission, the
     * client's SignedData (what gets sealed, so that the requester's signature reaches the addressee) and its signer.
     */
    record Message(EvidenceRequest request, Envelope envelope, byte[] canonical, byte[] signedData, Signer signer)
            implements DecodedSubmission {

        /** An unsigned submission. */
        Message(EvidenceRequest request, Envelope envelope, byte[] canonical) {
            this(request, envelope, canonical, null, null);
        }

        boolean signed() {
            return signer != null;
        }
    }

    /** Not a request (nothing stored): 400 when {@code syntactic}, else 422. */
    record Malformed(List<Violation> violations, boolean syntactic) implements DecodedSubmission {
        public Malformed {
            violations = List.copyOf(violations);
        }

        Malformed(Violation violation, boolean syntactic) {
            this(List.of(violation), syntactic);
        }

        IntakeResult.Invalid result() {
            return new IntakeResult.Invalid(violations, syntactic);
        }
    }

    /**
     * The verified signer of a signed submission (ADR-0021).
     *
     * @param fingerprint  lowercase hex SHA-256 of the signer's certificate
     * @param subject      the signer's subject DN
     * @param signingTime  the signed signing time
     * @param signatureId  the id of the signature (SignatureIds), recorded so that it is accepted once
     */
    record Signer(String fingerprint, String subject, Instant signingTime, String signatureId) {
    }
}
