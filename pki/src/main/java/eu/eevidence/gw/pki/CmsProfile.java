package eu.eevidence.gw.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.util.Store;

/**
 * THE CMS protection profile of the gateway. Every message is
 * <ol>
 * <li>a CMS SignedData (RFC 5652) with encapsulated id-data content, exactly one signer, signed with
 * ECDSA P-256/SHA-256 (EC keys) or RSASSA-PSS/SHA-256/MGF1-SHA-256/salt 32 (RSA keys of at least 2048
 * bits), with the CAdES-BES signed attributes content-type, message-digest, signing-time (from the
 * profile's clock) and signing-certificate-v2 (ESSCertIDv2, SHA-256, with issuer/serial), plus BC's
 * CMSAlgorithmProtection attribute; the signer's chain is embedded;</li>
 * <li>wrapped, as the id-data content, in an AuthEnvelopedData (RFC 5083/5084) with AES-256-GCM
 * (12-byte nonce, 16-byte tag) for every recipient: EC P-256 recipients get a KeyAgreeRecipientInfo
 * (ephemeral-static ECDH, dhSinglePass-stdDH-sha256kdf-scheme, AES-256 key wrap), RSA recipients get a
 * KeyTransRecipientInfo (RSAES-OAEP, SHA-256, MGF1-SHA-256). Recipients are identified by issuer and
 * serial number.</li>
 * </ol>
 * The inner content type is id-data (not id-signedData) because that is what OpenSSL and S/MIME
 * produce and because RFC 5083 would otherwise require authenticated attributes.
 *
 * <p>Opening checks, in this order: strict DER/BER parse (no trailing bytes); algorithm allow-list on
 * the whole AuthEnvelopedData before any cryptographic operation ({@link PkiError#DISALLOWED_ALGORITHM};
 * an EnvelopedData, i.e. unauthenticated AES-CBC, is disallowed too); our RecipientInfo by issuer+serial
 * or subject key identifier ({@link PkiError#NOT_A_RECIPIENT}); decryption and GCM tag check, no
 * plaintext leaves on failure ({@link PkiError#DECRYPTION_FAILED}); then the SignedData checks of
 * {@link #verify}: allow-list of digest (SHA-256/384/512) and signature (ECDSA with SHA-256/384/512,
 * RSASSA-PSS with SHA-256/384/512) algorithms, signer keys (EC named curves P-256/384/521, RSA &ge;
 * 2048), exactly one signer, signer certificate found in the certificate set by the SignerInfo sid only,
 * signature verified with the Bouncy Castle provider, signing-time present and not more than 5 minutes
 * in the future of the profile's clock, signing-certificate-v2 matching the signer, and the chain valid
 * against the trust anchors at the signing time. Every unchecked exception from parsing maps to
 * {@link PkiError#MALFORMED_CMS}.
 *
 * <p>Error choices worth knowing: zero or several SignerInfos, missing signed attributes, a missing
 * signing-time or signing-certificate-v2 attribute, or a signature/certificate key-type mismatch are
 * {@link PkiError#SIGNATURE_INVALID}; a signer certificate absent from the SignedData is
 * {@link PkiError#UNTRUSTED_SIGNER}; detached content or a non-id-data eContentType is
 * {@link PkiError#MALFORMED_CMS}.
 *
 * <p>This class is the façade: the allowed algorithms are data ({@link CmsAlgorithms}, one enum per role with ids and
 * OIDs), applied by {@link CmsAlgorithmPolicy}; {@link CmsSealer} signs and encrypts, {@link CmsOpener} decrypts and
 * verifies, {@link StreamingCms} does both in constant memory.
 */
public final class CmsProfile {

    /** Allowed clock skew for a signing time in the future. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final ReplayGuard replayGuard;
    private final TimeStamper timeStamper;
    private final SignerValidator tsaTrust;
    private final boolean requireTimeStamp;
    private final java.nio.file.Path spoolDirectory;
    private final CmsSealer sealer;
    private final CmsOpener opener;

    public CmsProfile(Clock clock) {
        this(clock, ReplayGuard.NONE, null, null, false, null);
    }

    private CmsProfile(Clock clock, ReplayGuard replayGuard, TimeStamper timeStamper, SignerValidator tsaTrust,
            boolean requireTimeStamp, java.nio.file.Path spoolDirectory) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
        this.timeStamper = timeStamper;
        this.tsaTrust = tsaTrust;
        this.requireTimeStamp = requireTimeStamp;
        this.spoolDirectory = spoolDirectory;
        this.sealer = new CmsSealer(clock, timeStamper);
        this.opener = new CmsOpener(clock, replayGuard, tsaTrust, requireTimeStamp);
        BouncyCastle.provider();
    }

    /**
     * A copy that calls {@code guard} for every verified message (id = hex SHA-256 of the signature value,
     * signing time); a replay is {@link PkiError#REPLAY}.
     */
    public CmsProfile withReplayGuard(ReplayGuard guard) {
        return new CmsProfile(clock, guard, timeStamper, tsaTrust, requireTimeStamp, spoolDirectory);
    }

    /**
     * A copy that adds a CAdES-T signature time-stamp (unsigned attribute id-aa-signatureTimeStampToken,
     * 1.2.840.113549.1.9.16.2.14) obtained from {@code stamper} to every SignerInfo it creates.
     */
    public CmsProfile withTimeStamper(TimeStamper stamper) {
        return new CmsProfile(clock, replayGuard, stamper, tsaTrust, requireTimeStamp, spoolDirectory);
    }

    /**
     * A copy that verifies signature time-stamps against {@code tsaTrust} (the TSA certificate must chain to it
     * and carry the id-kp-timeStamping EKU); with {@code required} a message without one is
     * {@link PkiError#TIMESTAMP_INVALID}.
     */
    public CmsProfile withTimeStampVerification(SignerValidator tsaTrust, boolean required) {
        return new CmsProfile(clock, replayGuard, timeStamper, Objects.requireNonNull(tsaTrust, "tsaTrust"), required,
                spoolDirectory);
    }

    /** A copy whose streaming {@link #openStream} stages encrypted temporary files in {@code dir}. */
    public CmsProfile withSpoolDirectory(java.nio.file.Path dir) {
        return new CmsProfile(clock, replayGuard, timeStamper, tsaTrust, requireTimeStamp, dir);
    }

    Clock clock() {
        return clock;
    }

    TimeStamper timeStamper() {
        return timeStamper;
    }

    java.nio.file.Path spoolDirectory() {
        return spoolDirectory != null ? spoolDirectory : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    }

    // ------------------------------------------------------------------------------------------ seal

    /** sign + AuthEnvelopedData(AES-256-GCM) for every recipient; DER output. */
    public byte[] seal(byte[] content, KeyMaterial signer, List<X509Certificate> recipients) throws PkiException {
        return sealer.seal(content, signer, recipients);
    }

    /** ECDH P-256 (sha256 KDF, AES-256 wrap) or RSA-OAEP-SHA256 RecipientInfo generators, one per certificate. */
    static void addRecipients(CMSAuthEnvelopedGenerator gen, List<X509Certificate> recipients)
            throws PkiException, GeneralSecurityException, CertificateException {
        CmsSealer.addRecipients(gen, recipients);
    }

    // ------------------------------------------------------------------------------------------ streaming

    /**
     * Streaming {@link #seal}: reads {@code content} to its end and writes to {@code out} a BER-encoded (indefinite
     * lengths) ContentInfo of the same profile, in constant memory. {@code out} is not closed. On failure part of
     * the CMS may have been written (it is ciphertext, never plaintext): callers discard it.
     */
    public ProtectedStream protect(java.io.InputStream content, java.io.OutputStream out, KeyMaterial signer,
            List<X509Certificate> recipients) throws PkiException {
        return StreamingCms.protect(this, content, out, signer, recipients);
    }

    /**
     * Streaming {@link #open}: decrypts and verifies {@code cms} in constant memory and only then writes the content
     * to {@code out} (not closed). Not-yet-authenticated plaintext is staged in an encrypted temporary file (see
     * {@link #withSpoolDirectory}, ADR-0007); on any failure nothing at all has been written to {@code out}.
     */
    public OpenedStream openStream(java.io.InputStream cms, java.io.OutputStream out, KeyMaterial recipient,
            SignerValidator trust) throws PkiException {
        return StreamingCms.open(this, cms, out, recipient, trust);
    }

    // ------------------------------------------------------------------------------------------ sign

    /**
     * CAdES-BES SignedData with encapsulated content (CAdES-T when a {@link #withTimeStamper time stamper} is
     * configured); DER output.
     */
    public byte[] sign(byte[] content, KeyMaterial signer) throws PkiException {
        return sealer.sign(content, signer);
    }

    /**
     * The same CAdES-BES(-T) SignedData with the content detached (not encapsulated), for a signature kept beside what
     * it signs (the court bundle's {@code META-INF/signature.p7s}, ETSI EN 319 162-1); DER output.
     */
    public byte[] signDetached(byte[] content, KeyMaterial signer) throws PkiException {
        return sealer.sign(content, signer, false);
    }

    /** The profile's SignerInfo generator for {@code signer}: algorithm by key type, CAdES-BES(-T) attributes. */
    SignerInfoGenerator signerInfoGenerator(KeyMaterial signer) throws PkiException {
        return signerInfoGenerator(signer, clock.instant());
    }

    SignerInfoGenerator signerInfoGenerator(KeyMaterial signer, Instant now) throws PkiException {
        return sealer.signerInfoGenerator(signer, now);
    }

    // ------------------------------------------------------------------------------------------ open

    /** Reverse of {@link #seal}. See the class comment for the order of checks. */
    public OpenedMessage open(byte[] cms, KeyMaterial recipient, SignerValidator trust) throws PkiException {
        return opener.open(cms, recipient, trust);
    }

    /**
     * The SignedData to {@link #verify}: {@code cms} itself when it is a SignedData, or, when it is an AuthEnvelopedData
     * of the profile addressed to {@code recipient}, its decrypted and authenticated content (same checks as
     * {@link #open} up to the signature). Lets a receiver keep the signed bytes as evidence, whether or not they came
     * encrypted. Nothing is verified about the signature here.
     *
     * @throws PkiException {@link PkiError#MALFORMED_CMS} for anything else, and the errors of {@link #open}'s
     *                      decryption steps
     */
    public byte[] unwrapSignedData(byte[] cms, KeyMaterial recipient) throws PkiException {
        return opener.unwrapSignedData(cms, recipient);
    }

    // ------------------------------------------------------------------------------------------ verify

    /** Verifies a SignedData made by {@link #sign} (or any SignedData within the profile). */
    public OpenedMessage verify(byte[] signedData, SignerValidator trust) throws PkiException {
        return opener.verify(signedData, trust);
    }

    /**
     * Verifies a detached SignedData made by {@link #signDetached} over {@code content}: the checks of {@link #verify};
     * a signature that encapsulates content is {@link PkiError#MALFORMED_CMS}.
     */
    public OpenedMessage verifyDetached(byte[] signature, byte[] content, SignerValidator trust) throws PkiException {
        return opener.verifyDetached(signature, content, trust);
    }

    /**
     * Shared tail of every verification (in memory and streaming): signer certificate by sid, key checks,
     * CAdES-BES attributes, signature with the BC provider, signing time, optional signature time-stamp,
     * path validation (with revocation when {@code trust} does it) and the replay guard.
     */
    CmsOpener.Verified verifySigner(SignerInformation signer, Store<X509CertificateHolder> store, SignerValidator trust)
            throws PkiException {
        return opener.verifySigner(signer, store, trust);
    }
}
