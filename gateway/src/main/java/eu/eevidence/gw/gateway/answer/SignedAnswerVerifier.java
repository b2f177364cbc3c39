package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;

/**
 * Opens a signed platform answer: a CMS SignedData of the pki profile, or one AuthEnveloped to the node; verifies the
 * signature, the signer's PLATFORM role and its path to the node's trust anchors.
 */
@FunctionalInterface
public interface SignedAnswerVerifier {

    /** The verified answer: the SignedData bytes (the evidence kept) and what they say. */
    record Verified(byte[] signedData, OpenedMessage message) {
    }

    Verified verify(byte[] cms) throws PkiException;
}
