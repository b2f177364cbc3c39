package eu.eevidence.gw.adapter.api;

import java.util.Optional;

/**
 * Why a provider cannot execute an order: the ten grounds of Regulation (EU) 2023/1543 Annex III ("Form 3"),
 * with the reason codes of ETSI TS 104 144 (Form3Information, cl. 6.4.4) as {@link #wireName()}.
 */
public enum RefusalReason {
    /** The order is incomplete. */
    INCOMPLETE("Incomplete"),
    /** The order contains manifest errors. */
    MANIFEST_ERRORS("ManifestErrors"),
    /** The order does not contain sufficient information to execute it. */
    INSUFFICIENT_INFORMATION("InsufficientInformation"),
    /** The data are not stored (were not held at the time of receipt). */
    DATA_NOT_HELD("DataNotHeld"),
    /** Other de-facto impossibility beyond the provider's control. */
    DE_FACTO_IMPOSSIBILITY("DeFactoImpossibility"),
    /** Not issued or validated by a competent authority (Art. 4). */
    INVALID_ISSUING_AUTHORITY("InvalidIssuingAuthority"),
    /** The offence is not covered (Art. 5(4)). */
    OFFENCE_NOT_COVERED("OffenceNotCovered"),
    /** The service is not covered by the Regulation. */
    SERVICE_NOT_COVERED("ServiceNotCovered"),
    /** The data are protected by immunities or privileges, or by rules on freedom of the press. */
    IMMUNITIES_OR_PRIVILEGES("ImmunitiesOrPrivileges"),
    /** Compliance would conflict with the law of a third country (Art. 17). */
    CONFLICT_OF_LAWS("ConflictOfLaw");

    private final String wireName;

    RefusalReason(String wireName) {
        this.wireName = wireName;
    }

    /** The TS 104 144 reason code, e.g. {@code DataNotHeld}. */
    public String wireName() {
        return wireName;
    }

    /** The reason for a TS 104 144 code or for this enum's own name; empty for anything else. */
    public static Optional<RefusalReason> fromWire(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim();
        for (RefusalReason r : values()) {
            if (r.wireName.equalsIgnoreCase(c) || r.name().equalsIgnoreCase(c)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
