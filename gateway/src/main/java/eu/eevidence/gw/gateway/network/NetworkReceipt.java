package eu.eevidence.gw.gateway.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed evidence of what a node did with a message, in the spirit of the ETSI REM evidences used by e-CODEX.
 * Issued by the node named {@code issuer}, about the message {@code messageId} whose protected bytes hash to
 * {@code messageSha256}, sent by {@code sender}. Carried as CMS SignedData (encapsulated JSON) signed by the issuer's
 * node key; both nodes record its SHA-256 in their custody logs.
 *
 * @param evidence      what happened
 * @param receiptId     the issuer's id of this evidence (unique per issuer)
 * @param messageId     the catalogue message id the evidence is about
 * @param messageSha256 lower-case hex SHA-256 of the protected message bytes as received
 * @param sender        node id of the message's sender
 * @param issuer        node id of the node that issued this evidence
 * @param issuedAt      when
 * @param code          for a rejection: the stable code (else null)
 * @param reason        for a rejection: the human reason (else null)
 * @param recipient     for DELIVERED: to whom the message was made available (the requested Party's 24/7 contact point);
 *                      for RETRIEVED: who opened it (role, Party, certificate fingerprint); else null (and absent from
 *                      the JSON, so receipts without it keep their form)
 */
public record NetworkReceipt(Evidence evidence, String receiptId, String messageId, String messageSha256, String sender, String issuer,
                             Instant issuedAt, String code, String reason, String recipient) {

    /** The evidences a node issues. */
    public enum Evidence {
        /** The receiving node opened, verified and durably stored the message (a duplicate gets the same evidence). */
        SUBMISSION_ACCEPTED,
        /** The receiving node opened the message and refused it for good ({@code code} says why); do not resend it. */
        SUBMISSION_REJECTED,
        /**
         * The receiving node made the message available to its addressee: a request is in the review queue of the
         * requested Party's 24/7 contact point (ADR-0016; not the domestic order to a platform, which the case's answers
         * report).
         */
        DELIVERED,
        /** The addressee on the receiving side took note of it: the contact point opened the case for the first time. */
        RETRIEVED;

        /** Whether this is an evidence sent on its own after the hop ({@code /api/v1/network/evidences}), not a hop's answer. */
        public boolean afterTheHop() {
            return this == DELIVERED || this == RETRIEVED;
        }
    }

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper MAPPER = JsonCodec.canonicalMapper();
    private static final com.fasterxml.jackson.databind.ObjectReader READER = JsonCodec.strictMapper().readerFor(NetworkReceipt.class)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @com.fasterxml.jackson.annotation.JsonCreator
    public NetworkReceipt {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(receiptId, "receiptId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (messageSha256 == null || !HEX64.matcher(messageSha256).matches()) {
            throw new IllegalArgumentException(NetworkError.NET_RECEIPT_MALFORMED.code() + " messageSha256 must be 64 lower-case hex digits");
        }
        if ((evidence == Evidence.SUBMISSION_REJECTED) != (code != null)) {
            throw new IllegalArgumentException(NetworkError.NET_RECEIPT_MALFORMED.code() + " a rejection, and only a rejection, carries a code");
        }
    }

    /** A receipt that names no recipient (the hop's SUBMISSION_ACCEPTED / SUBMISSION_REJECTED). */
    public NetworkReceipt(Evidence evidence, String receiptId, String messageId, String messageSha256, String sender, String issuer,
                          Instant issuedAt, String code, String reason) {
        this(evidence, receiptId, messageId, messageSha256, sender, issuer, issuedAt, code, reason, null);
    }

    /** The receipt's canonical JSON (sorted keys). */
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a receipt's JSON; malformed input gives {@code EEG-NET-RECEIPT-MALFORMED}. */
    public static NetworkReceipt fromJson(byte[] json) throws NetworkException {
        if (json == null || eu.eevidence.gw.schema.codec.JsonCodec.encodingViolation(json) != null) {
            throw new NetworkException(NetworkError.NET_RECEIPT_MALFORMED.code(), "the receipt is not strict UTF-8 JSON");
        }
        try {
            // strict: no duplicate keys, no trailing content, no scalar coercion; JSON null is no receipt (fuzzing finding)
            NetworkReceipt r = READER.readValue(json);
            if (r == null) {
                throw new NetworkException(NetworkError.NET_RECEIPT_MALFORMED.code(), "the receipt is JSON null");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            throw new NetworkException(NetworkError.NET_RECEIPT_MALFORMED.code(), "the receipt is not a valid network receipt");
        }
    }

    /** This receipt as CMS SignedData by {@code issuerKey}. */
    public byte[] sign(CmsProfile cms, KeyMaterial issuerKey) throws PkiException {
        return cms.sign(toJson(), issuerKey);
    }

    /**
     * Verifies a signed receipt from {@code expectedIssuer}: the signature and path ({@code trust}), the signer is
     * exactly that certificate, and the receipt names {@code messageId} and {@code messageSha256}.
     *
     * @throws NetworkException {@code EEG-NET-RECEIPT-SIGNATURE} (bad signature, untrusted), {@code EEG-NET-RECEIPT-SIGNER}
     *                          (signed by another certificate), {@code EEG-NET-RECEIPT-MISMATCH} (about another message),
     *                          {@code EEG-NET-RECEIPT-MALFORMED}
     */
    public static NetworkReceipt verify(CmsProfile cms, byte[] signed, SignerValidator trust, X509Certificate expectedIssuer,
                                        String messageId, String messageSha256) throws NetworkException {
        NetworkReceipt receipt = open(cms, signed, trust, expectedIssuer);
        if (!receipt.messageId().equals(messageId) || !receipt.messageSha256().equals(messageSha256)) {
            throw new NetworkException(NetworkError.NET_RECEIPT_MISMATCH.code(), "the receipt is about message " + receipt.messageId()
                    + ", not about the message sent (" + messageId + ")");
        }
        return receipt;
    }

    /**
     * A signed receipt from {@code expectedIssuer}, checked for its signature and path ({@code trust}) and that the signer is
     * exactly that certificate, parsed; what it is about is for the caller to check.
     *
     * @throws NetworkException {@code EEG-NET-RECEIPT-SIGNATURE}, {@code EEG-NET-RECEIPT-SIGNER}, {@code EEG-NET-RECEIPT-MALFORMED}
     */
    public static NetworkReceipt open(CmsProfile cms, byte[] signed, SignerValidator trust, X509Certificate expectedIssuer) throws NetworkException {
        OpenedMessage opened;
        try {
            opened = cms.verify(signed, trust);
        } catch (PkiException e) {
            throw new NetworkException(NetworkError.NET_RECEIPT_SIGNATURE.code(), "the receipt's signature does not verify: " + e.getMessage());
        }
        try {
            if (!Arrays.equals(opened.signer().getEncoded(), expectedIssuer.getEncoded())) {
                throw new NetworkException(NetworkError.NET_RECEIPT_SIGNER.code(), "the receipt is signed by " + opened.signer().getSubjectX500Principal()
                        + ", not by the peer " + expectedIssuer.getSubjectX500Principal());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new NetworkException(NetworkError.NET_RECEIPT_SIGNER.code(), "the receipt's signer certificate cannot be encoded");
        }
        return fromJson(opened.content());
    }
}
