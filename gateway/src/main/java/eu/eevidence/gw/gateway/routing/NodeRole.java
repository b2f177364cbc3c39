package eu.eevidence.gw.gateway.routing;

/**
 * What a node is in the network (its function for its Party), as listed in the network directory. Distinct
 * from the certificate role ({@link eu.eevidence.gw.pki.Role#NODE}), which only says "this is a gateway node".
 */
public enum NodeRole {
    /** The Party's 24/7 point of contact (Budapest Art. 35): preservation, expedited disclosure, emergencies. */
    CONTACT_POINT_24_7,
    /** The central authority for mutual assistance (Budapest Art. 27; Protocol Art. 8). */
    CENTRAL_AUTHORITY,
    /** An issuing or validating judicial authority (EU 2023/1543 EPOC / EPOC-PR). */
    ISSUING_AUTHORITY
}
