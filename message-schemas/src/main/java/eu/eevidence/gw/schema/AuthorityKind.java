package eu.eevidence.gw.schema;

import java.util.EnumSet;
import java.util.Set;

/** Kinds of issuing or validating authority, as Art. 4 of Reg. (EU) 2023/1543 distinguishes them. */
public enum AuthorityKind {
    JUDGE,
    COURT,
    INVESTIGATING_JUDGE,
    PROSECUTOR,
    /** Another competent authority (e.g. police) acting as investigating authority: needs validation. */
    OTHER_COMPETENT_AUTHORITY;

    /** Art. 4(2)(a): may issue for traffic (not identification only) and content data. */
    public static final Set<AuthorityKind> JUDICIAL = EnumSet.of(JUDGE, COURT, INVESTIGATING_JUDGE);
    /** Art. 4(1)(a), 4(3)(a): may issue or validate for subscriber/identification data and any preservation. */
    public static final Set<AuthorityKind> JUDICIAL_OR_PROSECUTOR = EnumSet.of(JUDGE, COURT, INVESTIGATING_JUDGE, PROSECUTOR);
}
