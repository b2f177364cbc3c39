package eu.eevidence.gw.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Revocation status of TLS client certificates (RFC 6960 OCSP, RFC 5280 CRLs), cached, with a fail-open or
 * fail-closed policy for "unknown". Per certificate: a current, verified CRL of its issuer answers first (the CRL
 * files are re-read when they change); otherwise the {@link OcspClient} is asked (a configured responder, the
 * certificate's AIA, or a node's own responder in process). GOOD and REVOKED answers are cached until the answer's
 * {@code nextUpdate}, at most {@link Settings#maxCacheTtl}; UNKNOWN because a source failed is cached for
 * {@link Settings#unknownRetry} (so that an unreachable responder is not asked on every request), UNKNOWN because no
 * source exists for the certificate for {@link Settings#maxCacheTtl}. The cache holds at most
 * {@link Settings#maxEntries} certificates (least recently used evicted). Thread-safe; queries run outside the lock.
 * Any revocation (any reason, hold included) refuses a client: unlike a signature, a TLS connection happens now.
 */
public final class ClientRevocationChecker {

    /** What is known about a certificate. */
    public enum Status { GOOD, REVOKED, UNKNOWN }

    /**
     * @param status  the certificate's status
     * @param allowed whether the client may proceed (GOOD, or UNKNOWN when fail-open)
     * @param detail  a short, non-personal explanation (source, reason) for the operator
     * @param fresh   true when this answer was obtained now (not from the cache): log it once
     * @param noSource UNKNOWN because nothing can answer for this certificate (issuer unknown, no CRL, no OCSP responder
     *                known): a configuration matter rather than an outage
     */
    public record Result(Status status, boolean allowed, String detail, boolean fresh, boolean noSource) {
    }

    /**
     * @param failClosed   refuse a client whose status is unknown (production); false: allow it (development)
     * @param maxCacheTtl  upper bound on how long an answer is reused, whatever its nextUpdate says
     * @param unknownRetry how long an UNKNOWN caused by a failing source is reused before asking again
     * @param maxEntries   bound on the cache size
     */
    public record Settings(boolean failClosed, Duration maxCacheTtl, Duration unknownRetry, int maxEntries) {
        public Settings {
            Objects.requireNonNull(maxCacheTtl, "maxCacheTtl");
            Objects.requireNonNull(unknownRetry, "unknownRetry");
            if (maxCacheTtl.isNegative() || unknownRetry.isNegative() || maxEntries < 1) {
                throw new IllegalArgumentException("cache durations must not be negative and maxEntries must be positive");
            }
        }

        /** Fail-open, answers reused up to 1 h, a failing source asked again after 30 s, 10 000 certificates. */
        public static Settings defaults() {
            return new Settings(false, Duration.ofHours(1), Duration.ofSeconds(30), 10_000);
        }

        public Settings withFailClosed(boolean closed) {
            return new Settings(closed, maxCacheTtl, unknownRetry, maxEntries);
        }
    }

    private static final Duration SKEW = Duration.ofMinutes(5);
    /** What {@link HttpOcspClient} says when neither a fixed URL nor the certificate's AIA names a responder. */
    static final String NO_RESPONDER = "no OCSP responder known";

    private record Entry(Status status, String detail, Instant until, boolean noSource) {
    }

    private record Answer(Status status, String detail, Instant nextUpdate, boolean noSource) {
    }

    private record CrlFile(Path path, FileTime seen, List<X509CRL> crls) {
    }

    private final Clock clock;
    private final List<X509Certificate> issuers;
    private final OcspClient ocsp;
    private final List<Path> crlFiles;
    private final Settings settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> cache;
    private volatile List<CrlFile> crlState = List.of();

    /**
     * @param issuers  certificates that may have issued client certificates (trust anchors, known intermediates);
     *                 the chain a client presents is searched too
     * @param ocsp     OCSP transport, or {@code null} for CRLs only
     * @param crlFiles CRL files (PEM or DER); may be empty. A missing or unreadable file is skipped
     */
    public ClientRevocationChecker(Clock clock, Collection<X509Certificate> issuers, OcspClient ocsp, List<Path> crlFiles,
            Settings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issuers = List.copyOf(issuers);
        this.ocsp = ocsp;
        this.crlFiles = crlFiles == null ? List.of() : List.copyOf(crlFiles);
        this.settings = Objects.requireNonNull(settings, "settings");
        int max = settings.maxEntries();
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > max;
            }
        };
    }

    public Settings settings() {
        return settings;
    }

    /** Number of cached certificates (for tests and metrics). */
    public synchronized int cached() {
        return cache.size();
    }

    /**
     * The status of {@code leaf}.
     *
     * @param presented the chain the client presented (leaf first), searched for the issuer; may be empty
     */
    public Result check(X509Certificate leaf, List<X509Certificate> presented) {
        Objects.requireNonNull(leaf, "leaf");
        String key = Certificates.sha256Fingerprint(leaf);
        Instant now = clock.instant();
        synchronized (this) {
            Entry e = cache.get(key);
            if (e != null && now.isBefore(e.until())) {
                return result(e.status(), e.detail(), false, e.noSource());
            }
        }
        Answer a = ask(leaf, presented == null ? List.of() : presented, now);
        Instant until;
        if (a.status() == Status.UNKNOWN && !a.noSource()) {
            until = now.plus(settings.unknownRetry());
        } else {
            Instant cap = now.plus(settings.maxCacheTtl());
            until = a.nextUpdate() != null && a.nextUpdate().isBefore(cap) ? a.nextUpdate() : cap;
        }
        synchronized (this) {
            if (until.isAfter(now)) {
                cache.put(key, new Entry(a.status(), a.detail(), until, a.noSource()));
            } else {
                cache.remove(key);
            }
        }
        return result(a.status(), a.detail(), true, a.noSource());
    }

    private Result result(Status status, String detail, boolean fresh, boolean noSource) {
        boolean allowed = status == Status.GOOD || (status == Status.UNKNOWN && !settings.failClosed());
        return new Result(status, allowed, detail, fresh, noSource && status == Status.UNKNOWN);
    }

    private Answer ask(X509Certificate leaf, List<X509Certificate> presented, Instant now) {
        X509Certificate issuer = issuerOf(leaf, presented);
        if (issuer == null) {
            return new Answer(Status.UNKNOWN, "issuer not known", null, true);
        }
        Answer fromCrl = fromCrls(leaf, issuer, now);
        if (fromCrl != null) {
            return fromCrl;
        }
        if (ocsp == null) {
            return new Answer(Status.UNKNOWN, "no current CRL and no OCSP responder", null, true);
        }
        try {
            return fromOcsp(leaf, issuer, now);
        } catch (PkiException e) {
            // HttpOcspClient without a fixed URL, for a certificate without an AIA OCSP URL: nothing to ask
            boolean none = e.getMessage() != null && e.getMessage().contains(NO_RESPONDER);
            return new Answer(Status.UNKNOWN, none ? "no OCSP responder known, no CRL" : "OCSP: " + e.getMessage(), null, none);
        } catch (RuntimeException e) {
            return new Answer(Status.UNKNOWN, "OCSP: " + e.getClass().getSimpleName(), null, false);
        }
    }

    private X509Certificate issuerOf(X509Certificate leaf, List<X509Certificate> presented) {
        List<X509Certificate> candidates = new ArrayList<>();
        for (int i = 1; i < presented.size(); i++) {
            candidates.add(presented.get(i));
        }
        candidates.addAll(issuers);
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                try {
                    leaf.verify(c.getPublicKey(), BouncyCastle.provider());
                    return c;
                } catch (GeneralSecurityException | RuntimeException e) {
                    // same name, other key
                }
            }
        }
        return null;
    }

    private Answer fromCrls(X509Certificate leaf, X509Certificate issuer, Instant now) {
        for (X509CRL crl : currentCrls()) {
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                continue;
            }
            if (crl.getThisUpdate().toInstant().isAfter(now.plus(SKEW))
                    || (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now.minus(SKEW)))) {
                continue; // not current
            }
            if (issuer.getKeyUsage() != null && !issuer.getKeyUsage()[6]) {
                continue; // the issuer may not sign CRLs
            }
            try {
                crl.verify(issuer.getPublicKey(), BouncyCastle.provider());
            } catch (GeneralSecurityException | RuntimeException e) {
                continue; // forged or another issuer's
            }
            Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
            X509CRLEntry entry = crl.getRevokedCertificate(leaf);
            if (entry != null) {
                return new Answer(Status.REVOKED, "CRL, revoked at " + entry.getRevocationDate().toInstant()
                        + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")"), next, false);
            }
            return new Answer(Status.GOOD, "CRL", next, false);
        }
        return null;
    }

    /** The CRLs of the configured files, re-read when a file's modification time changed. */
    private List<X509CRL> currentCrls() {
        if (crlFiles.isEmpty()) {
            return List.of();
        }
        List<CrlFile> before = crlState;
        List<CrlFile> after = new ArrayList<>();
        boolean changed = before.size() != crlFiles.size();
        for (int i = 0; i < crlFiles.size(); i++) {
            Path p = crlFiles.get(i);
            CrlFile old = i < before.size() && before.get(i).path().equals(p) ? before.get(i) : null;
            FileTime t;
            try {
                t = Files.exists(p) ? Files.getLastModifiedTime(p) : null;
            } catch (java.io.IOException e) {
                t = null;
            }
            if (old != null && Objects.equals(old.seen(), t)) {
                after.add(old);
                continue;
            }
            changed = true;
            List<X509CRL> crls = List.of();
            if (t != null) {
                try {
                    crls = TrustStore.readCrls(p);
                } catch (PkiException e) {
                    crls = List.of(); // unreadable: as if absent (unknown, then fail-open or fail-closed)
                }
            }
            after.add(new CrlFile(p, t, crls));
        }
        if (changed) {
            crlState = List.copyOf(after);
        }
        List<X509CRL> all = new ArrayList<>();
        for (CrlFile f : after) {
            all.addAll(f.crls());
        }
        return all;
    }

    private Answer fromOcsp(X509Certificate leaf, X509Certificate issuer, Instant now) throws PkiException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        X509CertificateHolder issuerHolder;
        CertificateID id;
        byte[] request;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
            id = new CertificateID(TrustStore.sha256Calculator(), issuerHolder, leaf.getSerialNumber());
            OCSPReqBuilder b = new OCSPReqBuilder();
            b.addRequest(id);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(nonce)))));
            request = b.build().getEncoded();
        } catch (Exception e) {
            throw new PkiException(PkiError.INTERNAL, "cannot build OCSP request", e);
        }
        byte[] answer = ocsp.query(request, leaf, issuer);
        try {
            OCSPResp resp = new OCSPResp(answer);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new PkiException(PkiError.REVOCATION_UNKNOWN, "responder status " + resp.getStatus());
            }
            BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
            TrustStore.verifyResponder(basic, issuer, issuerHolder, now);
            Extension n = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (n != null && !java.util.Arrays.equals(n.getExtnValue().getOctets(), new DEROctetString(nonce).getEncoded())) {
                throw new PkiException(PkiError.REVOCATION_UNKNOWN, "nonce mismatch");
            }
            for (SingleResp r : basic.getResponses()) {
                if (!r.getCertID().getSerialNumber().equals(leaf.getSerialNumber()) || !r.getCertID().matchesIssuer(issuerHolder,
                        new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build())) {
                    continue;
                }
                Instant thisUpdate = r.getThisUpdate().toInstant();
                Instant nextUpdate = r.getNextUpdate() == null ? null : r.getNextUpdate().toInstant();
                if (thisUpdate.isAfter(now.plus(SKEW)) || (nextUpdate != null && nextUpdate.isBefore(now.minus(SKEW)))) {
                    throw new PkiException(PkiError.REVOCATION_UNKNOWN, "answer not current");
                }
                CertificateStatus st = r.getCertStatus();
                if (st == CertificateStatus.GOOD) {
                    return new Answer(Status.GOOD, "OCSP", nextUpdate, false);
                }
                if (st instanceof RevokedStatus rs) {
                    return new Answer(Status.REVOKED, "OCSP, revoked at " + rs.getRevocationTime().toInstant()
                            + (rs.hasRevocationReason() ? " (reason " + rs.getRevocationReason() + ")" : ""), nextUpdate, false);
                }
                return new Answer(Status.UNKNOWN, "OCSP: the responder does not know the certificate", nextUpdate, false);
            }
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "the answer does not cover the certificate");
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "unusable answer (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
