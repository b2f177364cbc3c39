package eu.eevidence.gw.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * An immutable set of trust anchors (root certificates). Path validation is PKIX with Bouncy Castle's
 * path builder; revocation checking is disabled for now. A path found valid is remembered with the interval in which
 * every certificate of it (and its anchor) is valid ({@link ValidPaths}, issue 18): the same leaf and intermediates
 * validated again at an instant inside that interval give the same answer without building the path again.
 */
public final class TrustAnchors implements SignerValidator {

    private final List<X509Certificate> anchors;
    private final Set<TrustAnchor> trustAnchors;
    private final ValidPaths validPaths = new ValidPaths();

    private TrustAnchors(List<X509Certificate> anchors) {
        this.anchors = anchors;
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : anchors) {
            set.add(new TrustAnchor(c, null));
        }
        this.trustAnchors = Set.copyOf(set);
    }

    public static TrustAnchors of(Collection<X509Certificate> anchors) {
        Objects.requireNonNull(anchors, "anchors");
        return new TrustAnchors(List.copyOf(anchors));
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    /**
     * Validates {@code leaf} up to one of the anchors at instant {@code at}.
     *
     * @throws PkiException {@link PkiError#SIGNER_EXPIRED} when the leaf or a chain certificate is not
     *                      valid at {@code at}; {@link PkiError#UNTRUSTED_SIGNER} when no valid path to
     *                      an anchor exists
     */
    @Override
    public void validate(X509Certificate leaf, Collection<X509Certificate> intermediates, Instant at) throws PkiException {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(at, "at");
        if (trustAnchors.isEmpty()) {
            throw new PkiException(PkiError.UNTRUSTED_SIGNER, "no trust anchors configured");
        }
        Date date = Date.from(at);
        try {
            leaf.checkValidity(date);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new PkiException(PkiError.SIGNER_EXPIRED, "certificate " + leaf.getSubjectX500Principal()
                    + " not valid at " + at + " (valid " + leaf.getNotBefore().toInstant() + " .. "
                    + leaf.getNotAfter().toInstant() + ")", e);
        }
        List<java.nio.ByteBuffer> key = ValidPaths.key(leaf, intermediates);
        if (key != null && validPaths.contains(key, at)) {
            return;
        }
        build(leaf, intermediates, at, date, key);
    }

    private void build(X509Certificate leaf, Collection<X509Certificate> intermediates, Instant at, Date date,
            List<java.nio.ByteBuffer> key) throws PkiException {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trustAnchors, target);
            params.setRevocationEnabled(false);
            params.setDate(date);
            List<X509Certificate> pool = new ArrayList<>();
            pool.add(leaf);
            if (intermediates != null) {
                pool.addAll(intermediates);
            }
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool),
                    BouncyCastle.provider()));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX",
                    BouncyCastle.provider()).build(params);
            validPaths.remember(key, r);
        } catch (CertPathBuilderException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                    throw new PkiException(PkiError.SIGNER_EXPIRED, "a certificate of the chain is not valid at " + at, e);
                }
            }
            throw new PkiException(PkiError.UNTRUSTED_SIGNER, "no valid certification path for "
                    + leaf.getSubjectX500Principal() + " at " + at, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.UNTRUSTED_SIGNER, "path validation failed for "
                    + leaf.getSubjectX500Principal(), e);
        }
    }

    /** An X509TrustManager (JSSE PKIX) that trusts exactly these anchors. */
    public X509TrustManager trustManager() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : anchors) {
                ks.setCertificateEntry("anchor-" + i++, Tls.toJdkCertificate(c));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    return (X509TrustManager) tm;
                }
            }
            throw new IllegalStateException("no X509TrustManager from PKIX TrustManagerFactory");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build trust manager", e);
        }
    }
}
