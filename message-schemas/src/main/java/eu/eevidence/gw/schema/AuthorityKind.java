package eu.eevidence.gw.schema;

import java.util.EnumSet;
import java.util.Set;

/**
 * Kinds of issuing or validating authority, as Art. 4 of Reg. (EU) 2023/1543 distinguishes them, and the issuers beyond
 * criminal justice of CM/Rec(2026)2 para. 33 (removal and securing orders under civil or administrative law), which may
 * issue a {@link MessageType#CONTENT_REMOVAL_ORDER} or {@link MessageType#CONTENT_PRESERVATION_ORDER} only
 * ({@code EEG-VAL-ISSUER-KIND} on an EU order).
 */
public enum AuthorityKind {
    JUDGE,
    COURT,
    INVESTIGATING_JUDGE,
    PROSECUTOR,
    /** Another competent authority (e.g. police) acting as investigating authority: needs validation. */
    OTHER_COMPETENT_AUTHORITY,
    /** A court deciding under civil law (e.g. an injunction in the victim's civil proceedings): removal and securing orders only. */
    CIVIL_COURT,
    /** An administrative authority deciding under administrative law (e.g. a media or online-safety regulator): removal and securing
     * orders only. */
    ADMINISTRATIVE_AUTHORITY;

    /** Art. 4(2)(a): may issue for traffic (not identification only) and content data. */
    public static final Set<AuthorityKind> JUDICIAL = EnumSet.of(JUDGE, COURT, INVESTIGATING_JUDGE);
    /** Art. 4(1)(a), 4(3)(a): may issue or validate for subscriber/identification data and any preservation. */
    public static final Set<AuthorityKind> JUDICIAL_OR_PROSECUTOR = EnumSet.of(JUDGE, COURT, INVESTIGATING_JUDGE, PROSECUTOR);
    /** CM/Rec(2026)2 para. 33: authorities acting under civil or administrative law, not in a criminal case. */
    public static final Set<AuthorityKind> NON_CRIMINAL = EnumSet.of(CIVIL_COURT, ADMINISTRATIVE_AUTHORITY);
}
