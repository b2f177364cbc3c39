package eu.eevidence.gw.pki;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Reloadable trust: anchors and CRLs read from files, optional OCSP, PKIX path building with the Bouncy Castle
 * provider, revocation of every non-anchor certificate of the path, key usage of the leaf.
 *
 * <p>Files are re-read by {@link #reload()} and, cheaply, whenever their size or modification time changed
 * ({@link #reloadIfChanged()}, called by every {@link #validate}); a failed reload keeps the previous state and
 * throws. CRLs count only when their signature verifies with the issuer's key and they are current
 * ({@code thisUpdate <= now <= nextUpdate}).
 *
 * <p>Revocation semantics (signatures must stay checkable years later): a certificate revoked with reason
 * keyCompromise, cACompromise or without reason is rejected whatever the date; with any other reason it is
 * rejected when the revocation date is not after the signing time. Per certificate, a current CRL of its issuer
 * is consulted first, then OCSP when an {@link OcspClient} is configured. With no answer, the result is
 * {@link PkiError#REVOCATION_UNKNOWN} when {@code requireRevocationStatus}, else the certificate passes.
 */
public final class TrustStore implements SignerValidator {

    /** How long an OCSP answer without nextUpdate stays acceptable after its thisUpdate. */
    static final Duration OCSP_MAX_AGE = Duration.ofHours(24);
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final List<Path> anchorFiles;
    private final List<Path> crlPaths;
    private final OcspClient ocsp;
    private final boolean requireRevocationStatus;
    private volatile State state;

    private record State(TrustAnchors anchors, Set<TrustAnchor> trustAnchors, List<X509CRL> crls, String fingerprint) {
    }

    private TrustStore(Clock clock, List<Path> anchorFiles, List<Path> crlPaths, OcspClient ocsp, boolean require) {
        this.clock = clock;
        this.anchorFiles = anchorFiles;
        this.crlPaths = crlPaths;
        this.ocsp = ocsp;
        this.requireRevocationStatus = require;
    }

    /**
     * @param anchorFiles             PEM files with one or more anchor certificates each (at least one file)
     * @param crlPaths                CRL files (PEM or DER) or directories of them; may be empty
     * @param ocsp                    OCSP transport, or {@code null} for CRLs only
     * @param requireRevocationStatus reject when neither a current CRL nor OCSP gives an answer
     */
    public static TrustStore load(Clock clock, List<Path> anchorFiles, List<Path> crlPaths, OcspClient ocsp,
            boolean requireRevocationStatus) throws PkiException {
        Objects.requireNonNull(clock, "clock");
        if (anchorFiles == null || anchorFiles.isEmpty()) {
            throw new PkiException(PkiError.UNTRUSTED_SIGNER, "no trust anchor file configured");
        }
        TrustStore t = new TrustStore(clock, List.copyOf(anchorFiles), crlPaths == null ? List.of() : List.copyOf(crlPaths),
                ocsp, requireRevocationStatus);
        t.reload();
        return t;
    }

    /** The current anchors (for TLS, for example). */
    public TrustAnchors anchors() {
        return state.anchors();
    }

    /** The current CRLs that were read (verified or not: verification happens per use). */
    public List<X509CRL> crls() {
        return state.crls();
    }

    /** Re-reads every file now. On failure the previous state stays in force. */
    public synchronized void reload() throws PkiException {
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path p : anchorFiles) {
            anchors.addAll(Certificates.readPem(p));
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path p : files(crlPaths)) {
            crls.addAll(readCrls(p));
        }
        Set<TrustAnchor> tas = new HashSet<>();
        for (X509Certificate c : anchors) {
            tas.add(new TrustAnchor(c, null));
        }
        state = new State(TrustAnchors.of(anchors), Set.copyOf(tas), List.copyOf(crls), fingerprint());
    }

    /** Reloads when a file was added, removed or changed (size or modification time); returns whether it did. */
    public boolean reloadIfChanged() throws PkiException {
        String now = fingerprint();
        if (state != null && now.equals(state.fingerprint())) {
            return false;
        }
        reload();
        return true;
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        List<Path> all = new ArrayList<>(anchorFiles);
        try {
            all.addAll(files(crlPaths));
        } catch (PkiException e) {
            sb.append("unreadable;");
        }
        for (Path p : all) {
            try {
                sb.append(p).append('|').append(Files.size(p)).append('|').append(Files.getLastModifiedTime(p).toMillis()).append(';');
            } catch (IOException e) {
                sb.append(p).append("|missing;");
            }
        }
        return sb.toString();
    }

    private static List<Path> files(List<Path> paths) throws PkiException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.{crl,pem,der}")) {
                    for (Path f : ds) {
                        out.add(f);
                    }
                } catch (IOException e) {
                    throw new PkiException(PkiError.CERTIFICATE_INVALID, "cannot list CRL directory " + p, e);
                }
            } else {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /** Reads every CRL (PEM "X509 CRL" blocks or DER) of a file. */
    public static List<X509CRL> readCrls(Path file) throws PkiException {
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509", BouncyCastle.provider());
            List<X509CRL> out = new ArrayList<>();
            for (CRL c : cf.generateCRLs(in)) {
                out.add((X509CRL) c);
            }
            if (out.isEmpty()) {
                throw new PkiException(PkiError.CERTIFICATE_INVALID, "no CRL in " + file);
            }
            return out;
        } catch (PkiException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "cannot read CRL file " + file, e);
        }
    }

    @Override
    public void validate(X509Certificate leaf, Collection<X509Certificate> intermediates, Instant at) throws PkiException {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(at, "at");
        reloadIfChanged();
        State s = state;
        checkSigningKeyUsage(leaf);
        // validity of the leaf and path to an anchor at the signing time (TrustAnchors maps the errors)
        s.anchors().validate(leaf, intermediates, at);
        List<X509Certificate> path = buildPath(s, leaf, intermediates, at);
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchorFor(s, cert);
            checkRevocation(s, cert, issuer, at);
        }
    }

    private static void checkSigningKeyUsage(X509Certificate leaf) throws PkiException {
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "signer certificate lacks digitalSignature/nonRepudiation key usage");
        }
    }

    private static List<X509Certificate> buildPath(State s, X509Certificate leaf, Collection<X509Certificate> intermediates,
            Instant at) throws PkiException {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(s.trustAnchors(), target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            List<X509Certificate> pool = new ArrayList<>();
            pool.add(leaf);
            if (intermediates != null) {
                pool.addAll(intermediates);
            }
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool), BouncyCastle.provider()));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX", BouncyCastle.provider())
                    .build(params);
            CertPath cp = r.getCertPath();
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : cp.getCertificates()) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertPathBuilderException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                    throw new PkiException(PkiError.SIGNER_EXPIRED, "a certificate of the chain is not valid at " + at, e);
                }
            }
            throw new PkiException(PkiError.UNTRUSTED_SIGNER, "no valid certification path for " + leaf.getSubjectX500Principal(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.UNTRUSTED_SIGNER, "path validation failed", e);
        }
    }

    private static X509Certificate anchorFor(State s, X509Certificate cert) throws PkiException {
        for (X509Certificate a : s.anchors().anchors()) {
            if (a.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(a.getPublicKey(), BouncyCastle.provider());
                    return a;
                } catch (GeneralSecurityException | RuntimeException e) {
                    // another anchor with the same name
                }
            }
        }
        throw new PkiException(PkiError.UNTRUSTED_SIGNER, "no anchor issued " + cert.getSubjectX500Principal());
    }

    // ------------------------------------------------------------------------------------ revocation

    private void checkRevocation(State s, X509Certificate cert, X509Certificate issuer, Instant at) throws PkiException {
        Instant now = clock.instant();
        for (X509CRL crl : s.crls()) {
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || !current(crl, now)) {
                continue;
            }
            try {
                crl.verify(issuer.getPublicKey(), BouncyCastle.provider());
            } catch (GeneralSecurityException | RuntimeException e) {
                continue; // not this issuer's CRL, or forged: ignore
            }
            if (issuer.getKeyUsage() != null && !issuer.getKeyUsage()[6]) {
                continue; // issuer may not sign CRLs
            }
            X509CRLEntry entry = crl.getRevokedCertificate(cert);
            if (entry != null) {
                int reason = entry.getRevocationReason() == null ? CRLReason.unspecified : entry.getRevocationReason().ordinal();
                revoked(cert, entry.getRevocationDate().toInstant(), reason, at, "CRL");
            }
            return; // a current, verified CRL of the issuer answered
        }
        if (ocsp != null) {
            checkOcsp(cert, issuer, at, now);
            return;
        }
        if (requireRevocationStatus) {
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "no current CRL and no OCSP for " + cert.getSubjectX500Principal());
        }
    }

    private static boolean current(X509CRL crl, Instant now) {
        return !crl.getThisUpdate().toInstant().isAfter(now.plus(SKEW))
                && (crl.getNextUpdate() == null || !crl.getNextUpdate().toInstant().isBefore(now.minus(SKEW)));
    }

    private static void revoked(X509Certificate cert, Instant revokedAt, int reason, Instant signingTime, String source)
            throws PkiException {
        boolean compromise = reason == CRLReason.keyCompromise || reason == CRLReason.cACompromise
                || reason == CRLReason.unspecified || reason == CRLReason.aACompromise;
        if (compromise || !revokedAt.isAfter(signingTime)) {
            throw new PkiException(PkiError.REVOKED, cert.getSubjectX500Principal() + " serial " + cert.getSerialNumber().toString(16)
                    + " revoked at " + revokedAt + " (reason " + reason + ", " + source + ")");
        }
    }

    private void checkOcsp(X509Certificate cert, X509Certificate issuer, Instant at, Instant now) throws PkiException {
        CertificateID id;
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        byte[] request;
        X509CertificateHolder issuerHolder;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
            id = new CertificateID(sha256Calculator(), issuerHolder, cert.getSerialNumber());
            OCSPReqBuilder b = new OCSPReqBuilder();
            b.addRequest(id);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(nonce)))));
            OCSPReq req = b.build();
            request = req.getEncoded();
        } catch (Exception e) {
            throw new PkiException(PkiError.INTERNAL, "cannot build OCSP request", e);
        }
        byte[] answer = ocsp.query(request, cert, issuer);
        try {
            OCSPResp resp = new OCSPResp(answer);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new PkiException(PkiError.REVOCATION_UNKNOWN, "OCSP responder status " + resp.getStatus());
            }
            BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
            verifyResponder(basic, issuer, issuerHolder, now);
            Extension n = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (n != null && !java.util.Arrays.equals(n.getExtnValue().getOctets(), new DEROctetString(nonce).getEncoded())) {
                throw new PkiException(PkiError.REVOCATION_UNKNOWN, "OCSP nonce mismatch");
            }
            for (SingleResp r : basic.getResponses()) {
                if (!r.getCertID().getSerialNumber().equals(cert.getSerialNumber())
                        || !r.getCertID().matchesIssuer(issuerHolder, new JcaDigestCalculatorProviderBuilder()
                                .setProvider(BouncyCastle.provider()).build())) {
                    continue;
                }
                Instant thisUpdate = r.getThisUpdate().toInstant();
                Instant nextUpdate = r.getNextUpdate() == null ? thisUpdate.plus(OCSP_MAX_AGE) : r.getNextUpdate().toInstant();
                if (thisUpdate.isAfter(now.plus(SKEW)) || nextUpdate.isBefore(now.minus(SKEW))) {
                    throw new PkiException(PkiError.REVOCATION_UNKNOWN, "OCSP answer not current");
                }
                CertificateStatus st = r.getCertStatus();
                if (st == CertificateStatus.GOOD) {
                    return;
                }
                if (st instanceof RevokedStatus) {
                    RevokedStatus rs = (RevokedStatus) st;
                    int reason = rs.hasRevocationReason() ? rs.getRevocationReason() : CRLReason.unspecified;
                    revoked(cert, rs.getRevocationTime().toInstant(), reason, at, "OCSP");
                    return;
                }
                if (st instanceof UnknownStatus) {
                    throw new PkiException(PkiError.REVOCATION_UNKNOWN, "OCSP status unknown for " + cert.getSubjectX500Principal());
                }
            }
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "OCSP answer does not cover the certificate");
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "unusable OCSP answer", e);
        }
    }

    /** The response is signed by the issuer itself or by a responder it certified for id-kp-OCSPSigning. */
    static void verifyResponder(BasicOCSPResp basic, X509Certificate issuer, X509CertificateHolder issuerHolder,
            Instant now) throws Exception {
        JcaContentVerifierProviderBuilder vb = new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.provider());
        if (basic.isSignatureValid(vb.build(issuer.getPublicKey()))) {
            return;
        }
        for (X509CertificateHolder h : basic.getCerts()) {
            if (h.getIssuer().equals(issuerHolder.getSubject()) && h.isSignatureValid(vb.build(issuer.getPublicKey()))
                    && h.isValidOn(Date.from(now)) && h.getExtensions() != null
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(h.getExtensions()) != null
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(h.getExtensions())
                            .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
                    && basic.isSignatureValid(vb.build(h))) {
                return;
            }
        }
        throw new PkiException(PkiError.REVOCATION_UNKNOWN, "OCSP answer not signed by the issuer or its delegated responder");
    }

    static DigestCalculator sha256Calculator() throws Exception {
        return new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build()
                .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    }

}
