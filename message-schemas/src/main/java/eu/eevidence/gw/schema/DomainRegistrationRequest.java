package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * Request for domain name registration information, CETS 224 Art. 6(3).
 *
 * @param issuingAuthority        (a) identity and contact details of the issuing authority
 * @param issuedAt                (a) date issued
 * @param registrationEntity      the entity providing domain-name registration services
 * @param domainName              (b) the domain name
 * @param dataElements            (b) detailed list of the data elements sought
 * @param issuedUnderProtocol     (c) statement that the request is issued under the Protocol: must be true
 * @param relevanceStatement      (c) that the need arises because of relevance to a specific investigation or proceeding
 * @param useLimitedToInvestigation (c) that the information will only be used for that investigation: must be true
 * @param disclosure              (d) time frame and manner of disclosure, special instructions
 */
public record DomainRegistrationRequest(
        @NotNull @Valid Authority issuingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @Valid ServiceProvider registrationEntity,
        @NotBlank String domainName,
        @NotEmpty Set<@NotNull RegistrationDataElement> dataElements,
        @NotNull @AssertTrue(message = ValidationCode.Codes.PROTOCOL_STATEMENT) Boolean issuedUnderProtocol,
        @NotBlank @SafeText(max = 4000) String relevanceStatement,
        @NotNull @AssertTrue(message = ValidationCode.Codes.PROTOCOL_STATEMENT) Boolean useLimitedToInvestigation,
        @NotNull @Valid DisclosureTerms disclosure) implements EvidenceRequest.Production {

    public DomainRegistrationRequest {
        dataElements = dataElements == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(dataElements));
    }

    @Override
    public MessageType type() {
        return MessageType.PROTOCOL_ART6_DOMAIN_REGISTRATION;
    }

    @Override
    public String platformId() {
        return registrationEntity == null ? null : registrationEntity.platformId();
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (domainName != null && !domainName.isBlank()
                && !eu.eevidence.gw.schema.validation.ValidIdentifier.Validator.valueMatches(IdentifierType.DOMAIN_NAME, domainName)) {
            sink.fail("domainName", ValidationCode.DOMAIN);
        }
    }

    /** Registrant data elements (the Protocol says "name, physical address, e-mail address, telephone"; others named here). */
    public enum RegistrationDataElement {
        REGISTRANT_NAME,
        REGISTRANT_ORGANISATION,
        REGISTRANT_POSTAL_ADDRESS,
        REGISTRANT_EMAIL,
        REGISTRANT_PHONE,
        ADMINISTRATIVE_CONTACT,
        TECHNICAL_CONTACT,
        REGISTRATION_DATES,
        PAYMENT_INFORMATION
    }
}
