package eu.eevidence.gw.schema;

/** Typed identifiers of the target account or resource. Each type has its own syntax check. */
public enum IdentifierType {
    /** The platform's own, stable account id (numeric or opaque), not a display name. */
    PLATFORM_ACCOUNT_ID,
    /** A public handle or user name. Platforms may refuse it in favour of an account id. */
    HANDLE,
    EMAIL,
    /** Phone number in E.164 form (+ and 7 to 15 digits). */
    PHONE_E164,
    /** IPv4 or IPv6 address; needs the time it was observed, and a source port for shared (CGNAT) IPv4. */
    IP_ADDRESS,
    URL,
    DOMAIN_NAME
}
