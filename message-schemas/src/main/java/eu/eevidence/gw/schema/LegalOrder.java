package eu.eevidence.gw.schema;

/**
 * The branch of law an order is made under. CM/Rec(2026)2 para. 33 asks for removal orders "under criminal, civil or
 * administrative law" and for securing orders that do not depend on a criminal process; the gateway records which one
 * on the order so that a civil court or an administrative authority (e.g. a media or online-safety regulator) can issue
 * them, and so that the deadline and lifecycle rules assume no criminal case for them.
 */
public enum LegalOrder {
    /** Criminal law (a criminal investigation or proceeding); the default when an order does not say. */
    CRIMINAL_LAW,
    /** Civil law (e.g. a civil court's injunction in proceedings of the victim). */
    CIVIL_LAW,
    /** Administrative law (e.g. an order of a media or online-safety regulator). */
    ADMINISTRATIVE_LAW
}
