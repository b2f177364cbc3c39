package eu.eevidence.gw.gateway.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.pki.PkiError;

/**
 * What a signed submission must be beyond a valid signature (ADR-0021), as for signed platform answers (ADR-0008): its
 * signer is the TLS client certificate, or one the client is explicitly delegated to submit for; its signing time lies
 * within {@code [now - maxAge, now + futureSkew]}. Whether the signature was already received is checked against the
 * database ({@link SignedSubmissionLog}).
 *
 * @param maySubmitFor (TLS client fingerprint, signer fingerprint) -> allowed; lowercase hex SHA-256
 * @param emergenciesSigned an emergency request (flag {@code emergency}: EPOC emergency, Protocol Arts. 9 and 10) must
 *                          carry the requester's own signature (ADR-0031; on in production, off in the demo)
 */
public record SignedSubmissionPolicy(Duration maxAge, Duration futureSkew, BiPredicate<String, String> maySubmitFor, boolean emergenciesSigned) {

    public SignedSubmissionPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(futureSkew, "futureSkew");
        maySubmitFor = maySubmitFor == null ? String::equalsIgnoreCase : maySubmitFor;
    }

    public SignedSubmissionPolicy(Duration maxAge, Duration futureSkew, BiPredicate<String, String> maySubmitFor) {
        this(maxAge, futureSkew, maySubmitFor, false);
    }

    /** 24 hours back, 5 minutes ahead, the signer must be the TLS client; unsigned emergencies accepted. */
    public static SignedSubmissionPolicy defaults() {
        return new SignedSubmissionPolicy(Duration.ofHours(24), Duration.ofMinutes(5), null);
    }

    /**
     * The refusal of an unsigned emergency request when this deployment requires the requester's own signature on
     * emergencies (403 {@code EEG-REQ-EMERGENCY-UNSIGNED}).
     */
    public Optional<IntakeResult.Refused> emergencySignature(boolean emergency, boolean signed) {
        if (!emergenciesSigned || !emergency || signed) {
            return Optional.empty();
        }
        return Optional.of(new IntakeResult.Refused(403, IntakeError.REQ_EMERGENCY_UNSIGNED.code(), "Emergency request not signed",
                "this node requires the requester's own signature on emergency requests: send the request as a CMS signed message"
                        + " (application/pkcs7-mime, signed with the requesting authority's certificate)"));
    }

    /** The refusal when {@code signer} may not be submitted by {@code client} (403 {@code EEG-TRUST-SIGNER-MISMATCH}). */
    public Optional<IntakeResult.Refused> signer(String clientFingerprint, String signerFingerprint, String signerSubject) {
        if (maySubmitFor.test(clientFingerprint, signerFingerprint)) {
            return Optional.empty();
        }
        return Optional.of(new IntakeResult.Refused(403, CommonError.TRUST_SIGNER_MISMATCH.code(), "Signer is not the client",
                "the request is signed by " + signerSubject + ", not by the client certificate of this connection"
                        + " (and no delegation for it is configured)"));
    }

    /** The refusal when {@code signingTime} is outside the window (409 {@code EEG-PKI-014}). */
    public Optional<IntakeResult.Refused> window(Instant signingTime, Instant now) {
        if (signingTime.isBefore(now.minus(maxAge))) {
            return Optional.of(replay("the request was signed at " + signingTime + ", more than " + maxAge.toHours()
                    + " hours ago: an old signed message is not accepted again; sign it anew"));
        }
        if (signingTime.isAfter(now.plus(futureSkew))) {
            return Optional.of(replay("the request was signed at " + signingTime + ", in the future: check the signer's clock"));
        }
        return Optional.empty();
    }

    static IntakeResult.Refused replay(String detail) {
        return new IntakeResult.Refused(409, PkiError.REPLAY.code(), "Replayed signed message", detail);
    }
}
