package eu.eevidence.gw.schema;

/** Who sends or receives a message, as a role in the procedure (not an organisation). */
public enum PartyKind {
    /** A judge, court, prosecutor or police authority that issues, validates or seeks the measure. */
    REQUESTING_AUTHORITY,
    /** A central authority for mutual assistance (ETS 185 Art. 27(2)), or a designated authority (CETS 224 Art. 8). */
    CENTRAL_AUTHORITY,
    /** A 24/7 point of contact (ETS 185 Art. 35). */
    CONTACT_POINT_24_7,
    /** The enforcing authority of Reg. (EU) 2023/1543 (Art. 2(9)). */
    ENFORCING_AUTHORITY,
    /** A service provider (its designated establishment or legal representative in the EU). */
    SERVICE_PROVIDER,
    /** An entity providing domain-name registration services (CETS 224 Art. 6). */
    DOMAIN_REGISTRATION_ENTITY
}
