package eu.eevidence.gw.gateway.network;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;

/**
 * Another gateway node this node exchanges with (from the configuration or the signed network directory).
 *
 * @param identity     the peer's node id, Party and function
 * @param endpoint     base https URI of the peer's API (its network endpoint is {@link NetworkProtocol#MESSAGES_PATH})
 * @param certificate  the peer's node certificate: its TLS client certificate, the signer of what it sends and the
 *                     recipient of what we send it
 * @param messageTypes catalogue types the peer accepts (empty = all)
 */
public record PeerSpec(NodeIdentity identity, URI endpoint, X509Certificate certificate, Set<String> messageTypes) {
    public PeerSpec {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(certificate, "certificate");
        messageTypes = messageTypes == null ? Set.of() : Set.copyOf(messageTypes);
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
}
