package eu.eevidence.gw.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;

/**
 * Decides whether a signer certificate is acceptable at a given (signing) time: certification path to a
 * trust anchor, validity and, depending on the implementation, revocation. {@link TrustAnchors} validates
 * the path only; {@link TrustStore} adds CRL/OCSP checking and reloading.
 */
@FunctionalInterface
public interface SignerValidator {

    /**
     * @param leaf          the certificate to validate
     * @param intermediates candidate intermediate certificates (for example those embedded in the SignedData)
     * @param at            the instant at which the path must be valid (the signing time)
     * @throws PkiException {@link PkiError#UNTRUSTED_SIGNER}, {@link PkiError#SIGNER_EXPIRED},
     *                      {@link PkiError#REVOKED} or {@link PkiError#REVOCATION_UNKNOWN}
     */
    void validate(X509Certificate leaf, Collection<X509Certificate> intermediates, Instant at) throws PkiException;

    /**
     * This validator, preceded by a role check: the leaf must carry at least one of {@code anyOf} in its
     * certificate policies ({@link Role#of}), else {@link PkiError#ROLE_MISMATCH}.
     */
    default SignerValidator requiringRole(Role... anyOf) {
        java.util.Set<Role> wanted = java.util.Set.of(anyOf);
        SignerValidator self = this;
        return (leaf, intermediates, at) -> {
            if (java.util.Collections.disjoint(Role.of(leaf), wanted)) {
                throw new PkiException(PkiError.ROLE_MISMATCH, leaf.getSubjectX500Principal() + " has roles " + Role.of(leaf)
                        + ", required one of " + wanted);
            }
            self.validate(leaf, intermediates, at);
        };
    }
}
