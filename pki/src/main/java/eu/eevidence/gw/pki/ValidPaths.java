package eu.eevidence.gw.pki;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certification paths that {@link TrustAnchors} found valid, each with the interval in which all of its certificates
 * and its anchor are valid (issue 18, ADR-0034). Without revocation, the outcome of PKIX path building for a given
 * leaf, set of intermediates and anchors changes with the validation instant only through those validity periods, so
 * a path found valid is valid at any instant of that interval. Keyed by the complete encodings of the leaf and the
 * intermediates offered; bounded (least recently used out); only successes are remembered.
 */
final class ValidPaths {

    private static final int MAX = 1024;

    private record Window(Instant from, Instant to) {
    }

    private final Map<List<ByteBuffer>, Window> paths = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<ByteBuffer>, Window> eldest) {
            return size() > MAX;
        }
    };

    /** The cache key of a validation: leaf and intermediates by encoding; {@code null} when one cannot be encoded. */
    static List<ByteBuffer> key(X509Certificate leaf, Collection<X509Certificate> intermediates) {
        List<ByteBuffer> key = new ArrayList<>();
        try {
            key.add(ByteBuffer.wrap(leaf.getEncoded()));
            if (intermediates != null) {
                for (X509Certificate c : intermediates) {
                    key.add(ByteBuffer.wrap(c.getEncoded()));
                }
            }
        } catch (CertificateEncodingException | RuntimeException e) {
            return null;
        }
        return List.copyOf(key);
    }

    /** Whether a path for {@code key} was found valid and {@code at} lies in its interval. */
    synchronized boolean contains(List<ByteBuffer> key, Instant at) {
        Window w = paths.get(key);
        return w != null && !at.isBefore(w.from()) && !at.isAfter(w.to());
    }

    /** Remembers the path of {@code result} for {@code key} (nothing when {@code key} is {@code null}). */
    void remember(List<ByteBuffer> key, PKIXCertPathBuilderResult result) {
        if (key == null) {
            return;
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : result.getCertPath().getCertificates()) {
            certs.add((X509Certificate) c);
        }
        X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
        if (anchor != null) {
            certs.add(anchor);
        }
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        for (X509Certificate c : certs) {
            Instant nb = c.getNotBefore().toInstant();
            Instant na = c.getNotAfter().toInstant();
            from = nb.isAfter(from) ? nb : from;
            to = na.isBefore(to) ? na : to;
        }
        synchronized (this) {
            paths.put(key, new Window(from, to));
        }
    }
}
