package eu.eevidence.gw.gateway.node;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A platform entry of the node's configuration.
 *
 * @param id                     directory id, e.g. {@code acme}
 * @param adapter                adapter kind, e.g. {@code json-portal}
 * @param endpoint               base https URI of the portal
 * @param encryptionCertificate  certificate requests are encrypted to
 * @param tlsTrust               trust anchors for the portal's TLS certificate; empty means the node's own trust anchors
 */
public record PlatformSpec(String id, String adapter, URI endpoint, X509Certificate encryptionCertificate, List<X509Certificate> tlsTrust) {
    public PlatformSpec {
        tlsTrust = tlsTrust == null ? List.of() : List.copyOf(tlsTrust);
    }
}
