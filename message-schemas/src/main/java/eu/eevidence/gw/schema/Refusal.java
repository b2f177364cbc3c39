package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.Set;

/**
 * Refusal, or notice of grounds for refusal, of the correlated request, in full or in part.
 *
 * @param scope        FULL or PARTIAL
 * @param grounds      the grounds relied on
 * @param refusedPart  which part is refused; required for PARTIAL, absent for FULL
 * @param explanation  the reasons
 */
public record Refusal(
        @NotNull Scope scope,
        @NotEmpty Set<@NotNull Ground> grounds,
        @SafeText(max = 4000) String refusedPart,
        @NotBlank @SafeText(max = 8000) String explanation) implements LifecycleMessage.Answer {

    public Refusal {
        grounds = grounds == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(grounds));
    }

    @Override
    public MessageType type() {
        return MessageType.REFUSAL;
    }

    @Override
    public void checkRules(RuleSink sink) {
        boolean hasPart = refusedPart != null && !refusedPart.isBlank();
        if (scope == Scope.PARTIAL && !hasPart || scope == Scope.FULL && hasPart) {
            sink.fail("refusedPart", ValidationCode.REFUSAL_PARTIAL);
        }
    }

    public enum Scope {
        FULL,
        PARTIAL
    }

    /** Grounds named by the instruments (ETS 185 Arts. 27(4), 29(5); CETS 224 Art. 8(8); Reg. (EU) 2023/1543 Art. 12). */
    public enum Ground {
        /** ETS 185 Art. 27(4)(a), 29(5)(a): political offence. */
        POLITICAL_OFFENCE,
        /** ETS 185 Art. 27(4)(b), 29(5)(b): sovereignty, security, ordre public or other essential interests. */
        ESSENTIAL_INTERESTS,
        /** ETS 185 Art. 29(4): dual criminality reserved; Reg. Art. 12(1)(d). */
        DUAL_CRIMINALITY,
        /** Reg. Art. 12(1)(a): immunities, privileges, freedom of the press. */
        IMMUNITIES_OR_PRIVILEGES,
        /** Reg. Art. 12(1)(b): manifest breach of a fundamental right (Art. 6 TEU, Charter). */
        FUNDAMENTAL_RIGHTS,
        /** Reg. Art. 12(1)(c): ne bis in idem. */
        NE_BIS_IN_IDEM,
        /** The provider does not hold the data or the service is not its own. */
        DATA_NOT_HELD,
        /** The request lacks a valid legal basis for the addressee. */
        NO_LEGAL_BASIS,
        /** Identifiers do not designate an account (e.g. a display name instead of an account id). */
        WRONG_IDENTIFIERS,
        /** Overly broad request. */
        OVERLY_BROAD,
        OTHER
    }
}
