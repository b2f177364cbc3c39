package eu.eevidence.gw.pki;

/**
 * Obtains an RFC 3161 time-stamp token over a SHA-256 message imprint. {@link TsaClient} asks an external TSA
 * over HTTP; {@link eu.eevidence.gw.pki.ca.DevTsa} answers in process.
 */
@FunctionalInterface
public interface TimeStamper {

    /**
     * @param sha256 the SHA-256 hash of the data to time-stamp (for CAdES-T: of the signature value)
     * @return the DER ContentInfo of the TimeStampToken (a SignedData with id-ct-TSTInfo content)
     * @throws PkiException {@link PkiError#TSA_UNAVAILABLE} or {@link PkiError#TIMESTAMP_INVALID}
     */
    byte[] timeStampToken(byte[] sha256) throws PkiException;
}
