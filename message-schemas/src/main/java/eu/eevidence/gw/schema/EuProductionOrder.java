package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * European Production Order Certificate (EPOC), Reg. (EU) 2023/1543 Annex I.
 *
 * @param issuingAuthority        section A/I: issuing authority (kind decides Art. 4 competence)
 * @param validatingAuthority     section A/J: validating authority, when the order needs validation
 * @param issuedAt                date of issue
 * @param addressee               section B
 * @param deadline                section C: 10 days, end of the enforcing-authority window, or 8 hours (Art. 10)
 * @param emergency               emergency grounds; required with the 8-hour deadline (Art. 3(18), 10(4))
 * @param dataSought              categories (subscriber / identification only / traffic / content), description, time range
 * @param identifiers             typed identifiers of the accounts concerned
 * @param offence                 the offence and a summary of the facts
 * @param legalClassification     the legal classification of the offence under the issuing State's law
 * @param maximumPenaltyYears     maximum custodial sentence of the offence in years (Art. 5(4)(a))
 * @param listedOffence           the offence is one of Art. 5(4)(b)-(c) (cyber, CSAM, non-cash fraud, terrorism)
 * @param notification            Art. 8 notification of the enforcing authority
 * @param earlierPreservation     an earlier EPOC-PR, optional
 */
public record EuProductionOrder(
        @NotNull @Valid IssuingAuthority issuingAuthority,
        @Valid IssuingAuthority validatingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @Valid EuAddressee addressee,
        @NotNull DeadlineKind deadline,
        @Valid EmergencyFacts emergency,
        @NotNull @Valid DataRequested dataSought,
        @NotEmpty @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotNull @Valid Offence offence,
        @NotBlank @SafeText(max = 1000) String legalClassification,
        @Min(value = 0, message = ValidationCode.Codes.VALUE) @Max(value = 100, message = ValidationCode.Codes.VALUE) Integer maximumPenaltyYears,
        @NotNull Boolean listedOffence,
        @NotNull @Valid EnforcingNotification notification,
        @Valid EarlierPreservation earlierPreservation) implements EvidenceRequest.Production {

    public EuProductionOrder {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.EU_EPOC;
    }

    @Override
    public Authority requestingAuthority() {
        return issuingAuthority == null ? null : issuingAuthority.details();
    }

    @Override
    public String platformId() {
        return addressee == null || addressee.provider() == null ? null : addressee.provider().platformId();
    }

    @Override
    public void checkRules(RuleSink sink) {
        EuRules.competence(issuingAuthority, validatingAuthority, sink);
        boolean trafficOrContent = dataSought != null && dataSought.sensitiveCategories();
        if (trafficOrContent && !EuRules.judicial(issuingAuthority) && !EuRules.judicial(validatingAuthority)) {
            sink.fail("issuingAuthority", ValidationCode.EU_JUDICIAL_AUTHORITY);
        }
        if (trafficOrContent && !Boolean.TRUE.equals(listedOffence) && (maximumPenaltyYears == null || maximumPenaltyYears < 3)) {
            sink.fail("maximumPenaltyYears", ValidationCode.EPOC_OFFENCE_THRESHOLD);
        }
        if (trafficOrContent && notification != null && Boolean.FALSE.equals(notification.notified())
                && !Boolean.TRUE.equals(notification.offenceAndPersonInIssuingState())) {
            sink.fail("notification", ValidationCode.EPOC_NOTIFICATION);
        }
        if (deadline == DeadlineKind.EIGHT_HOURS && emergency == null) {
            sink.fail("emergency", ValidationCode.EMERGENCY_FACTS);
        }
        if (deadline == DeadlineKind.END_OF_ENFORCING_AUTHORITY_WINDOW && notification != null
                && !Boolean.TRUE.equals(notification.notified())) {
            sink.fail("deadline", ValidationCode.EPOC_DEADLINE);
        }
        if (deadline != DeadlineKind.EIGHT_HOURS && emergency != null) {
            sink.fail("deadline", ValidationCode.EPOC_DEADLINE);
        }
    }

    /** Annex I section C; names follow ETSI TS 104 144 priorities (TenDaysASAP, TenDaysSubjectToEA, EightHours). */
    public enum DeadlineKind {
        /** Art. 10(2): at the latest within 10 days of receipt. */
        TEN_DAYS,
        /** Art. 10(2): with notification, at the end of the 10-day window of the enforcing authority (or earlier on its confirmation). */
        END_OF_ENFORCING_AUTHORITY_WINDOW,
        /** Art. 10(4): emergency, without undue delay and at the latest within 8 hours. */
        EIGHT_HOURS
    }

    /**
     * Art. 8 notification of the enforcing authority (Annex I, section on notification).
     *
     * @param notified                          the enforcing authority was notified with this EPOC
     * @param enforcingState                    ISO 3166-1 alpha-2 code of the enforcing State, required when notified
     * @param enforcingAuthorityName            the enforcing authority, when known
     * @param offenceAndPersonInIssuingState    Art. 8(2): offence committed and person residing in the issuing State (no notification needed)
     */
    public record EnforcingNotification(
            @NotNull Boolean notified,
            @CountryCode String enforcingState,
            @SafeText(max = 300) String enforcingAuthorityName,
            Boolean offenceAndPersonInIssuingState) implements eu.eevidence.gw.schema.validation.CrossFieldChecked {

        @Override
        public void checkRules(RuleSink sink) {
            if (Boolean.TRUE.equals(notified) && enforcingState == null) {
                sink.fail("enforcingState", ValidationCode.REQUIRED);
            }
        }
    }
}
