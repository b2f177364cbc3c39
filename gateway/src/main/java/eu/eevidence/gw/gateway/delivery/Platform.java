package eu.eevidence.gw.gateway.delivery;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A platform (service provider) known to this node.
 *
 * @param id                     directory id, e.g. {@code demo-platform}
 * @param adapterKind            which adapter talks to it, e.g. {@code json-portal}
 * @param endpoint               base URI of its law-enforcement portal (https)
 * @param encryptionCertificate  the certificate messages are encrypted to
 * @param tls                    TLS context to reach the portal (its trust anchors; our client certificate)
 */
public record Platform(String id, String adapterKind, URI endpoint, X509Certificate encryptionCertificate, SSLContext tls) {
    public Platform {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(adapterKind, "adapterKind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(encryptionCertificate, "encryptionCertificate");
    }

    /** The durable queue of this destination. */
    public String queueName() {
        return DeliveryQueues.queueFor(id);
    }
}
