package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;

/** Verifies a client's CMS SignedData (the pki profile, path validation to the network's trust anchors). */
@FunctionalInterface
public interface SignatureVerifier {
    OpenedMessage verify(byte[] signedData) throws PkiException;
}
