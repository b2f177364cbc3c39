package eu.eevidence.gw.gateway.victim;

import java.util.List;

/**
 * The optional victims' attributes of CM/Rec(2026)2 para. 38.6 (sex, age, relationship to the perpetrator, disability),
 * as closed lists only: no free text, no date of birth, nothing that identifies by itself (data minimisation, GDPR Art. 5(1)(c)
 * and Directive (EU) 2016/680 Art. 4(1)(c)). Every attribute may be absent ({@code null}); absent is counted as
 * {@code NOT_STATED} in statistics.
 */
public record VictimAttributes(Sex sex, AgeBand ageBand, Boolean minor, Relationship relationship, Disability disability) {

    /** None given. */
    public static final VictimAttributes NONE = new VictimAttributes(null, null, null, null, null);

    /** Sex as recorded by the submitting authority (Eurostat EU-GBV survey categories). */
    public enum Sex { FEMALE, MALE, OTHER }

    /** Age bands (Eurostat age classes, split at 14 and 18 for the minors of the Lanzarote Convention). */
    public enum AgeBand {
        UNDER_14(true), AGE_14_17(true), AGE_18_24(false), AGE_25_34(false), AGE_35_49(false), AGE_50_64(false), AGE_65_PLUS(false);

        private final boolean minor;

        AgeBand(boolean minor) {
            this.minor = minor;
        }

        public boolean minor() {
            return minor;
        }
    }

    /** Relationship of the victim to the suspect (UNODC International Classification of Crime for Statistical Purposes, victim-perpetrator relationship). */
    public enum Relationship { CURRENT_PARTNER, FORMER_PARTNER, FAMILY_MEMBER, ACQUAINTANCE, COLLEAGUE, STRANGER, UNKNOWN }

    /** Whether the victim has a disability (UN Convention on the Rights of Persons with Disabilities Art. 31: statistics). */
    public enum Disability { YES, NO }

    /** The names of the attributes, as in JSON. */
    public static final List<String> FIELDS = List.of("sex", "ageBand", "minor", "relationship", "disability");

    /** Whether the victim is a minor: stated, or implied by the age band; null when neither says. */
    public Boolean minorOrImplied() {
        if (minor != null) {
            return minor;
        }
        return ageBand == null ? null : ageBand.minor();
    }
}
