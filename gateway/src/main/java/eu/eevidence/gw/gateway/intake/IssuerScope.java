package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.AuthorityKind;
import eu.eevidence.gw.schema.ContentPreservationOrder;
import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.MessageType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What an issuer beyond criminal justice may submit (Council of Europe Recommendation CM/Rec(2026)2 para. 33: removal
 * orders under criminal, civil or administrative law, with the evidence preserved for a limited time, and securing
 * orders that do not depend on a criminal process; ADR-0036). A
 * client whose certificate carries only the role {@link Role#CIVIL_COURT} or {@link Role#ADMINISTRATIVE_AUTHORITY} (no
 * criminal-justice role: {@link Role#CONTACT_POINT}, {@link Role#JUDICIAL_AUTHORITY}) may submit the types of
 * {@link #NON_CRIMINAL_TYPES} and nothing else (403 {@code EEG-AUTH-ISSUER-SCOPE}), and its order must name its issuing
 * authority as the matching {@link AuthorityKind} so that the order itself records that it is made under civil or
 * administrative law, with the provision in {@code legalBasis} (422 {@code EEG-AUTH-ISSUER-KIND}). A plain function:
 * intake asks it before anything is read or stored.
 */
public final class IssuerScope {

    /** The roles of issuers beyond criminal justice. */
    public static final Set<Role> NON_CRIMINAL_ROLES = Collections.unmodifiableSet(EnumSet.of(Role.CIVIL_COURT, Role.ADMINISTRATIVE_AUTHORITY));

    /** The roles of criminal justice that submit requests (24/7 point of contact, judicial authority). */
    public static final Set<Role> CRIMINAL_ROLES = Collections.unmodifiableSet(EnumSet.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY));

    /** Every role that may submit requests to the node (each within its scope). */
    public static final Set<Role> SUBMITTERS = Collections.unmodifiableSet(EnumSet.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY,
            Role.CIVIL_COURT, Role.ADMINISTRATIVE_AUTHORITY));

    /**
     * The request types an issuer beyond criminal justice may submit: the content removal order, which also orders the
     * removed content and related data preserved for a limited time, and the stand-alone securing order that does not
     * depend on a criminal process (para. 33). Every criminal-law instrument (ETS 185, CETS 224, the UN Convention
     * against Cybercrime, Reg. (EU) 2023/1543) is outside its scope.
     */
    public static final Set<MessageType> NON_CRIMINAL_TYPES = Collections.unmodifiableSet(EnumSet.of(MessageType.CONTENT_REMOVAL_ORDER,
            MessageType.CONTENT_PRESERVATION_ORDER));

    private IssuerScope() {
    }

    /** True when the roles are those of an issuer beyond criminal justice only (no criminal-justice role). */
    public static boolean nonCriminalOnly(Set<Role> roles) {
        return roles.stream().anyMatch(NON_CRIMINAL_ROLES::contains) && roles.stream().noneMatch(CRIMINAL_ROLES::contains);
    }

    /** True when a client with {@code roles} may submit a request of {@code type} at all. */
    public static boolean allows(Set<Role> roles, MessageType type) {
        return !nonCriminalOnly(roles) || NON_CRIMINAL_TYPES.contains(type);
    }

    /** The issuing authority kind an order of a client with only {@code role} must name. */
    static AuthorityKind kindOf(Role role) {
        return role == Role.CIVIL_COURT ? AuthorityKind.CIVIL_COURT : AuthorityKind.ADMINISTRATIVE_AUTHORITY;
    }

    /** The issuing authority kind the order names, or null. */
    private static AuthorityKind namedKind(EvidenceRequest request) {
        if (request instanceof ContentRemovalOrder o && o.issuingAuthority() != null) {
            return o.issuingAuthority().kind();
        }
        if (request instanceof ContentPreservationOrder o && o.issuingAuthority() != null) {
            return o.issuingAuthority().kind();
        }
        return null;
    }

    /**
     * Why a client with {@code roles} may not submit {@code request}, or empty when it may.
     *
     * @return 403 {@code EEG-AUTH-ISSUER-SCOPE} for a type outside the scope; 422 {@code EEG-AUTH-ISSUER-KIND} for an order
     *         whose issuing authority is not of the kind of the client's role
     */
    public static Optional<IntakeResult.Refused> check(Set<Role> roles, EvidenceRequest request) {
        if (!nonCriminalOnly(roles)) {
            return Optional.empty();
        }
        if (!NON_CRIMINAL_TYPES.contains(request.type())) {
            return Optional.of(new IntakeResult.Refused(403, IntakeError.AUTH_ISSUER_SCOPE.code(), "Outside the issuer's scope",
                    "a civil court or an administrative authority may submit content removal and preservation orders only"
                            + " (CM/Rec(2026)2 para. 33);"
                            + " a " + request.type() + " belongs to criminal proceedings"));
        }
        Set<AuthorityKind> expected = EnumSet.noneOf(AuthorityKind.class);
        roles.stream().filter(NON_CRIMINAL_ROLES::contains).forEach(r -> expected.add(kindOf(r)));
        AuthorityKind named = namedKind(request);
        if (named == null || !expected.contains(named)) {
            return Optional.of(new IntakeResult.Refused(422, IntakeError.AUTH_ISSUER_KIND.code(), "Issuing authority does not match the issuer",
                    "the order of a " + String.join(" or ", expected.stream().map(Enum::name).sorted().toList())
                            + " must name issuingAuthority.kind " + String.join(" or ", expected.stream().map(Enum::name).sorted().toList())
                            + " and cite the civil or administrative provision it is made under in legalBasis"));
        }
        return Optional.empty();
    }
}
