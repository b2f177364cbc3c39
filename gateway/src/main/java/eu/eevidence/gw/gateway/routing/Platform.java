package eu.eevidence.gw.gateway.routing;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;

/**
 * A platform (service provider) known to this node.
 *
 * @param id                     directory id, e.g. {@code demo-platform}
 * @param adapterKind            which adapter talks to it, e.g. {@code json-portal}
 * @param endpoint               base URI of its law-enforcement portal (https)
 * @param encryptionCertificate  the certificate messages are encrypted to
 * @param tls                    TLS context to reach the portal (its trust anchors; our client certificate)
 * @param settings               the adapter settings of the platforms file (may hold secrets: never logged; {@link #toString()}
 *                               names the keys only)
 */
public record Platform(String id, String adapterKind, URI endpoint, X509Certificate encryptionCertificate, SSLContext tls,
                       Map<String, String> settings) {
    public Platform {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(adapterKind, "adapterKind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(encryptionCertificate, "encryptionCertificate");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Without adapter settings. */
    public Platform(String id, String adapterKind, URI endpoint, X509Certificate encryptionCertificate, SSLContext tls) {
        this(id, adapterKind, endpoint, encryptionCertificate, tls, Map.of());
    }

    /** The adapter's view of this platform: id, endpoint, TLS and settings. */
    public eu.eevidence.gw.adapter.api.DeliveryRequest.Destination destination() {
        return new eu.eevidence.gw.adapter.api.DeliveryRequest.Destination(id, endpoint, tls, settings);
    }

    @Override
    public String toString() {
        return "Platform[id=" + id + ", adapter=" + adapterKind + ", endpoint=" + endpoint + ", settings=" + new java.util.TreeSet<>(settings.keySet()) + "]";
    }

    /** The durable queue of this destination. */
    public String queueName() {
        return DeliveryQueues.queueFor(id);
    }
}
