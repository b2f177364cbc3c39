package eu.eevidence.gw.pki;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DevPki#issue(IssueRequest)} should put into a new leaf certificate.
 *
 * @param commonName      subject CN
 * @param role            the gateway role, written as certificate policy (see {@link Role#oid()})
 * @param subjectAltNames DNS names or IPv4/IPv6 literals; may be empty
 * @param keyKind         key type
 * @param validity        lifetime counted from now (capped at the root's notAfter)
 * @param tlsServer       add EKU serverAuth
 * @param tlsClient       add EKU clientAuth
 */
public record IssueRequest(String commonName, Role role, List<String> subjectAltNames, KeyKind keyKind,
        Duration validity, boolean tlsServer, boolean tlsClient) {

    public IssueRequest {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyKind, "keyKind");
        Objects.requireNonNull(validity, "validity");
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }
}
