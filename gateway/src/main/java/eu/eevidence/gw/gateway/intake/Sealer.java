package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.pki.PkiException;

import java.security.cert.X509Certificate;

/** Signs with the node's key and encrypts to the addressee (the pki CMS profile). */
@FunctionalInterface
public interface Sealer {
    byte[] seal(byte[] content, X509Certificate recipient) throws PkiException;
}
