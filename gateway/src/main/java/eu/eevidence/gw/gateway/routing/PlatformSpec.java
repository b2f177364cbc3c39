package eu.eevidence.gw.gateway.routing;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A platform entry of the node's configuration.
 *
 * @param id                     directory id, e.g. {@code acme}
 * @param adapter                adapter kind, e.g. {@code json-portal}
 * @param endpoint               base https URI of the portal
 * @param encryptionCertificate  certificate requests are encrypted to
 * @param tlsTrust               trust anchors for the portal's TLS certificate; empty means the node's own trust anchors
 * @param settings               the adapter's settings from the platforms file (flat strings; may hold secrets: never logged,
 *                               {@link #toString()} names the keys only)
 */
public record PlatformSpec(String id, String adapter, URI endpoint, X509Certificate encryptionCertificate, List<X509Certificate> tlsTrust,
                           Map<String, String> settings) {
    public PlatformSpec {
        tlsTrust = tlsTrust == null ? List.of() : List.copyOf(tlsTrust);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Without adapter settings. */
    public PlatformSpec(String id, String adapter, URI endpoint, X509Certificate encryptionCertificate, List<X509Certificate> tlsTrust) {
        this(id, adapter, endpoint, encryptionCertificate, tlsTrust, Map.of());
    }

    /** This entry with {@code newSettings}. */
    public PlatformSpec withSettings(Map<String, String> newSettings) {
        return new PlatformSpec(id, adapter, endpoint, encryptionCertificate, tlsTrust, newSettings);
    }

    @Override
    public String toString() {
        return "PlatformSpec[id=" + id + ", adapter=" + adapter + ", endpoint=" + endpoint + ", settings=" + new java.util.TreeSet<>(settings.keySet()) + "]";
    }
}
