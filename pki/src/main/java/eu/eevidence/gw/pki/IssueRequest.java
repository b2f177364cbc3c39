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
 * @param timeStamping    a time-stamping (TSA) certificate: keyUsage digitalSignature+nonRepudiation and the critical
 *                        extended key usage id-kp-timeStamping as the only purpose (RFC 3161 2.3); excludes the TLS
 *                        purposes
 */
public record IssueRequest(String commonName, Role role, List<String> subjectAltNames, KeyKind keyKind,
        Duration validity, boolean tlsServer, boolean tlsClient, boolean timeStamping) {

    /** A request for an ordinary (not time-stamping) certificate. */
    public IssueRequest(String commonName, Role role, List<String> subjectAltNames, KeyKind keyKind, Duration validity,
            boolean tlsServer, boolean tlsClient) {
        this(commonName, role, subjectAltNames, keyKind, validity, tlsServer, tlsClient, false);
    }

    /** A request for a TSA certificate (critical EKU id-kp-timeStamping only) with the given role policy. */
    public static IssueRequest timeStamping(String commonName, Role role, KeyKind keyKind, Duration validity) {
        return new IssueRequest(commonName, role, List.of(), keyKind, validity, false, false, true);
    }

    public IssueRequest {
        if (timeStamping && (tlsServer || tlsClient)) {
            throw new IllegalArgumentException("a time-stamping certificate has id-kp-timeStamping as its only extended key usage");
        }
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
