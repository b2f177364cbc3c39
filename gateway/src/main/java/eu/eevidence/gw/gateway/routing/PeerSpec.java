package eu.eevidence.gw.gateway.routing;

import eu.eevidence.gw.pki.Certificates;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Another gateway node this node exchanges with (from the configuration or the signed network directory).
 *
 * @param identity     the peer's node id, Party and function
 * @param endpoint     base https URI of the peer's API (its network endpoint is {@link NetworkProtocol#MESSAGES_PATH})
 * @param certificate  the peer's current node certificate: its TLS client certificate, the signer of what it sends and the
 *                     recipient of what we send it
 * @param messageTypes catalogue types the peer accepts (empty = all)
 * @param certificates every node certificate the directory lists for the peer, the current one first (key rollover: the
 *                     peer may still authenticate and sign with a further one); what is sealed for the peer uses
 *                     {@code certificate} only
 * @param acceptsHashLists whether this node has an agreement with the peer to send it hash lists of removed content
 *                     (catalogue CONTENT_HASH_LIST, ADR-0038); false unless the directory or configuration says so
 */
public record PeerSpec(NodeIdentity identity, URI endpoint, X509Certificate certificate, Set<String> messageTypes,
                       List<X509Certificate> certificates, boolean acceptsHashLists) {
    public PeerSpec {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(certificate, "certificate");
        messageTypes = messageTypes == null ? Set.of() : Set.copyOf(messageTypes);
        if (certificates == null || certificates.isEmpty()) {
            certificates = List.of(certificate);
        } else if (!certificates.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the first of a peer's certificates is its current one");
        } else {
            certificates = List.copyOf(certificates);
        }
    }

    /** A peer without a hash-list agreement. */
    public PeerSpec(NodeIdentity identity, URI endpoint, X509Certificate certificate, Set<String> messageTypes,
                    List<X509Certificate> certificates) {
        this(identity, endpoint, certificate, messageTypes, certificates, false);
    }

    /** The same peer with the hash-list agreement set to {@code accepts}. */
    public PeerSpec withHashLists(boolean accepts) {
        return new PeerSpec(identity, endpoint, certificate, messageTypes, certificates, accepts);
    }

    /** A peer with one certificate (configuration). */
    public PeerSpec(NodeIdentity identity, URI endpoint, X509Certificate certificate, Set<String> messageTypes) {
        this(identity, endpoint, certificate, messageTypes, List.of(certificate));
    }

    public String nodeId() {
        return identity.nodeId();
    }

    public String country() {
        return identity.country();
    }

    public boolean accepts(String messageType) {
        return messageTypes.isEmpty() || messageTypes.contains(messageType);
    }

    /** Whether {@code sha256Fingerprint} (lower-case hex, as {@link Certificates#sha256Fingerprint}) is one of the peer's certificates. */
    public boolean hasFingerprint(String sha256Fingerprint) {
        if (sha256Fingerprint == null) {
            return false;
        }
        for (X509Certificate c : certificates) {
            if (Certificates.sha256Fingerprint(c).equals(sha256Fingerprint)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code cert} is exactly one of the peer's certificates. */
    public boolean hasCertificate(X509Certificate cert) {
        return cert != null && hasFingerprint(Certificates.sha256Fingerprint(cert));
    }
}
