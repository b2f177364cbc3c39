package eu.eevidence.gw.pki;

import java.time.Instant;

/**
 * What {@link CmsProfile#protect} wrote: the detached SHA-256 digests and lengths of the plaintext content and
 * of the produced CMS (for the custody log), and the signed signing time.
 */
public record ProtectedStream(byte[] contentSha256, long contentLength, byte[] cmsSha256, long cmsLength,
        Instant signingTime) {

    public ProtectedStream {
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
