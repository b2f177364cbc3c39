package eu.eevidence.gw.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;

/**
 * The result of {@link CmsProfile#openStream}: the validated signer, its roles, the signed signing time and the
 * detached SHA-256 digests and lengths of the released content and of the CMS input (for the custody log).
 */
public record OpenedStream(X509Certificate signer, Set<Role> signerRoles, Instant signingTime, byte[] contentSha256,
        long contentLength, byte[] cmsSha256, long cmsLength) {

    public OpenedStream {
        signerRoles = signerRoles == null ? Set.of() : Set.copyOf(signerRoles);
        contentSha256 = contentSha256.clone();
        cmsSha256 = cmsSha256.clone();
    }

    public String contentSha256Hex() {
        return Certificates.hex(contentSha256);
    }

    public String cmsSha256Hex() {
        return Certificates.hex(cmsSha256);
    }
}
