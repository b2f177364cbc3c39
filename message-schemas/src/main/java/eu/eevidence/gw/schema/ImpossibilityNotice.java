package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/**
 * Information on the impossibility to execute an EPOC or EPOC-PR, Reg. (EU) 2023/1543 Annex III ("Form 3";
 * Arts. 10(5)-(6), 11(4)-(5), 17), sent by the provider to the issuing authority (and the enforcing
 * authority when notified), including a request for clarification.
 *
 * @param reasons                 one or more of the ten reasons (ETSI TS 104 144 Form3 reason codes)
 * @param explanation             further explanation
 * @param clarificationQuestions   questions to the issuing authority (Annex III: request for clarification), optional
 * @param dataPreserved           whether the data are being preserved pending clarification (Art. 10(5), 11(4))
 * @param conflictingThirdCountry third country whose law conflicts (reason CONFLICT_OF_LAWS, Art. 17)
 * @param conflictingLaw          the conflicting provisions and why they apply (Art. 17(2))
 */
public record ImpossibilityNotice(
        @NotEmpty Set<@NotNull Reason> reasons,
        @NotBlank @SafeText(max = 8000) String explanation,
        @Size(max = 50, message = ValidationCode.Codes.LENGTH) List<@NotNull @NotBlank @SafeText(max = 4000) String> clarificationQuestions,
        @NotNull Boolean dataPreserved,
        @CountryCode String conflictingThirdCountry,
        @SafeText(max = 8000) String conflictingLaw) implements LifecycleMessage.Answer {

    public ImpossibilityNotice {
        reasons = reasons == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(reasons));
        clarificationQuestions = ProtocolOrder.copy(clarificationQuestions);
    }

    @Override
    public MessageType type() {
        return MessageType.EU_FORM3_IMPOSSIBILITY;
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (reasons != null && reasons.contains(Reason.CONFLICT_OF_LAWS)
                && (conflictingThirdCountry == null || conflictingLaw == null || conflictingLaw.isBlank())) {
            sink.fail("conflictingLaw", ValidationCode.FORM3_CONFLICT);
        }
        if (reasons != null && (reasons.contains(Reason.INCOMPLETE) || reasons.contains(Reason.MANIFEST_ERRORS)
                || reasons.contains(Reason.INSUFFICIENT_INFORMATION))
                && (clarificationQuestions == null || clarificationQuestions.isEmpty())) {
            sink.fail("clarificationQuestions", ValidationCode.FORM3_CLARIFICATION);
        }
    }

    /** The ten reasons of Annex III (ETSI TS 104 144 names in brackets). */
    public enum Reason {
        /** The certificate is incomplete (Incomplete). */
        INCOMPLETE,
        /** The certificate contains manifest errors (ManifestErrors). */
        MANIFEST_ERRORS,
        /** The certificate does not contain sufficient information (InsufficientInformation). */
        INSUFFICIENT_INFORMATION,
        /** The data were not stored at the time of receipt (DataNotHeld). */
        DATA_NOT_HELD,
        /** Other de facto impossibility beyond the addressee's control (DeFactoImpossibility). */
        DE_FACTO_IMPOSSIBILITY,
        /** Not issued or validated by an issuing authority under Art. 4 (InvalidIssuingAuthority). */
        INVALID_ISSUING_AUTHORITY,
        /** Offence not covered by Art. 5(4) (OffenceNotCovered). */
        OFFENCE_NOT_COVERED,
        /** The service is not covered by the Regulation (ServiceNotCovered). */
        SERVICE_NOT_COVERED,
        /** Immunities or privileges, or rules on freedom of the press (ImmunitiesOrPrivileges). */
        IMMUNITIES_OR_PRIVILEGES,
        /** Compliance would conflict with the law of a third country (ConflictOfLaw; Art. 17). */
        CONFLICT_OF_LAWS
    }
}
