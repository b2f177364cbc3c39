package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.AuthorityKind;
import eu.eevidence.gw.schema.ContentPreservationOrder;
import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.IssuingAuthority;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issuers beyond criminal justice (CM/Rec(2026)2 para. 33, ADR-0036): removal orders only, as what they are. Refusals first. */
class IssuerScopeTest {

    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final Set<Role> REGULATOR = Set.of(Role.ADMINISTRATIVE_AUTHORITY);
    private static final Set<Role> CIVIL_COURT = Set.of(Role.CIVIL_COURT);

    private static EvidenceRequest sample(MessageType type) throws IOException {
        Decoded d = new MessageCatalogue().decodeJson(Files.readAllBytes(CORPUS.resolve(type.name()).resolve("valid.json")));
        return (EvidenceRequest) ((Decoded.Valid) d).envelope().body();
    }

    private static ContentRemovalOrder removalBy(AuthorityKind kind) throws IOException {
        ContentRemovalOrder o = (ContentRemovalOrder) sample(MessageType.CONTENT_REMOVAL_ORDER);
        return new ContentRemovalOrder(new IssuingAuthority(kind, o.issuingAuthority().details(), null), o.issuedAt(), o.serviceProvider(),
                "Online Safety Act, s. 10 (administrative removal notice)", o.reason(), o.content(), o.removeWithinHours(), o.preservationDays());
    }

    @Test
    void aRegulatorsProductionPreservationAndMutualAssistanceRequestsAreOutsideItsScope() throws IOException {
        for (MessageType t : MessageType.values()) {
            if (t.isLifecycle() || IssuerScope.NON_CRIMINAL_TYPES.contains(t) || t == MessageType.PLATFORM_EMERGENCY_DISCLOSURE) {
                continue;
            }
            Optional<IntakeResult.Refused> r = IssuerScope.check(REGULATOR, sample(t));
            assertThat(r).as(t.name()).isPresent();
            assertThat(r.get().status()).isEqualTo(403);
            assertThat(r.get().code()).isEqualTo("EEG-AUTH-ISSUER-SCOPE");
            assertThat(r.get().detail()).contains(t.name()).contains("removal and preservation orders only");
            assertThat(IssuerScope.check(CIVIL_COURT, sample(t))).as(t.name()).map(IntakeResult.Refused::code).contains("EEG-AUTH-ISSUER-SCOPE");
        }
    }

    @Test
    void aRemovalOrderMustNameTheIssuerAsWhatItIs() throws IOException {
        for (AuthorityKind k : AuthorityKind.values()) {
            Optional<IntakeResult.Refused> r = IssuerScope.check(REGULATOR, removalBy(k));
            if (k == AuthorityKind.ADMINISTRATIVE_AUTHORITY) {
                assertThat(r).as(k.name()).isEmpty();
            } else {
                assertThat(r).as(k.name()).map(IntakeResult.Refused::code).contains("EEG-AUTH-ISSUER-KIND");
                assertThat(r.get().status()).isEqualTo(422);
            }
        }
        assertThat(IssuerScope.check(CIVIL_COURT, removalBy(AuthorityKind.ADMINISTRATIVE_AUTHORITY))).map(IntakeResult.Refused::code)
                .contains("EEG-AUTH-ISSUER-KIND");
        assertThat(IssuerScope.check(CIVIL_COURT, removalBy(AuthorityKind.CIVIL_COURT))).isEmpty();
    }

    private static ContentPreservationOrder securingBy(AuthorityKind kind) throws IOException {
        ContentPreservationOrder o = (ContentPreservationOrder) sample(MessageType.CONTENT_PRESERVATION_ORDER);
        return new ContentPreservationOrder(new IssuingAuthority(kind, o.issuingAuthority().details(), null), o.issuedAt(),
                o.serviceProvider(), o.legalBasis(), o.reason(), o.identifiers(), o.preservationDays());
    }

    @Test
    void aSecuringOrderMustNameTheIssuerAsWhatItIs() throws IOException {
        for (AuthorityKind k : AuthorityKind.values()) {
            Optional<IntakeResult.Refused> court = IssuerScope.check(CIVIL_COURT, securingBy(k));
            Optional<IntakeResult.Refused> regulator = IssuerScope.check(REGULATOR, securingBy(k));
            assertThat(court.isEmpty()).as(k.name()).isEqualTo(k == AuthorityKind.CIVIL_COURT);
            assertThat(regulator.isEmpty()).as(k.name()).isEqualTo(k == AuthorityKind.ADMINISTRATIVE_AUTHORITY);
            court.ifPresent(r -> assertThat(r.code()).isEqualTo("EEG-AUTH-ISSUER-KIND"));
            regulator.ifPresent(r -> assertThat(r.status()).isEqualTo(422));
        }
        assertThat(IssuerScope.allows(CIVIL_COURT, MessageType.CONTENT_PRESERVATION_ORDER)).isTrue();
        assertThat(IssuerScope.allows(REGULATOR, MessageType.CONTENT_PRESERVATION_ORDER)).isTrue();
    }

    @Test
    void criminalJusticeKeepsItsWholeCatalogueAlsoWithANonCriminalRoleBeside() throws IOException {
        for (Set<Role> roles : Set.of(Set.of(Role.CONTACT_POINT), Set.of(Role.JUDICIAL_AUTHORITY), Set.of(Role.JUDICIAL_AUTHORITY, Role.CIVIL_COURT))) {
            assertThat(IssuerScope.check(roles, sample(MessageType.EU_EPOC))).as(roles.toString()).isEmpty();
            assertThat(IssuerScope.check(roles, sample(MessageType.UNCC_ART42_PRESERVATION))).as(roles.toString()).isEmpty();
            assertThat(IssuerScope.check(roles, sample(MessageType.CONTENT_REMOVAL_ORDER))).as(roles.toString()).isEmpty();
            assertThat(IssuerScope.check(roles, securingBy(AuthorityKind.PROSECUTOR))).as(roles.toString()).isEmpty();
        }
        assertThat(IssuerScope.nonCriminalOnly(Set.of(Role.ADMINISTRATIVE_AUTHORITY, Role.CIVIL_COURT))).isTrue();
        assertThat(IssuerScope.nonCriminalOnly(Set.of(Role.AUDITOR))).isFalse();
        assertThat(IssuerScope.allows(REGULATOR, MessageType.CONTENT_REMOVAL_ORDER)).isTrue();
        assertThat(IssuerScope.allows(REGULATOR, MessageType.BUDAPEST_ART29_PRESERVATION)).isFalse();
    }
}
