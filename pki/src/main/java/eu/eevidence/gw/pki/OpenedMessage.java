package eu.eevidence.gw.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;

/**
 * The result of a successful {@link CmsProfile#open} or {@link CmsProfile#verify}: authentic content,
 * the validated signer certificate, its roles and the (signed) signing time.
 */
public record OpenedMessage(byte[] content, X509Certificate signer, Set<Role> signerRoles, Instant signingTime) {

    public OpenedMessage {
        signerRoles = signerRoles == null ? Set.of() : Set.copyOf(signerRoles);
    }
}
