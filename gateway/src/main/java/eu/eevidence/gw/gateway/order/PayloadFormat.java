package eu.eevidence.gw.gateway.order;

/** The wire form of a submission (JSON, catalogue XML, or the requester's CMS SignedData). */
public enum PayloadFormat {
    /** A bare request ({@code {"type": ...}}) or an enveloped message ({@code {"messageId", ..., "body": {...}}}). */
    JSON,
    /** An enveloped message in the catalogue's XML (validated against the v1 XSD). */
    XML,
    /**
     * A CMS SignedData (DER) made by the requester, whose content is one of the above: the signature is verified and
     * kept end to end (the node signs and encrypts the client's SignedData as its content, S/MIME triple wrapping).
     */
    SIGNED_CMS
}
