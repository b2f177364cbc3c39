package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RequestFamily;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every request type of the catalogue yields its form, generated from the catalogue (no page per type). */
class FormModelTest {

    @Test
    void answersAndFollowUpsGetNoRequestForm() {
        assertThat(FormModel.of(MessageType.REFUSAL)).isEmpty();
        assertThat(FormModel.of(MessageType.WITHDRAWAL)).isEmpty();
        assertThat(FormModel.named("NO_SUCH_TYPE")).isEmpty();
        assertThat(FormModel.named("ACKNOWLEDGEMENT")).isEmpty();
    }

    @Test
    void everyRequestTypeOfTheCatalogueYieldsAFormWithEveryFieldAndItsProvision() {
        // a platform's own emergency disclosure (ADR-0031) is sent by platforms through the platform API, not as a form
        List<MessageType> requests = Arrays.stream(MessageType.values())
                .filter(t -> t.family() != RequestFamily.LIFECYCLE && t != MessageType.PLATFORM_EMERGENCY_DISCLOSURE).toList();
        assertThat(FormModel.requestTypes()).containsExactlyElementsOf(requests).hasSizeGreaterThanOrEqualTo(11);
        for (MessageType t : requests) {
            FormModel m = FormModel.of(t).orElseThrow();
            // one node per record component except the discriminator
            long components = Arrays.stream(t.javaType().getRecordComponents()).filter(c -> c.getType() != MessageType.class).count();
            assertThat(m.nodes()).as(t.name()).hasSize((int) components);
            assertThat(m.fields()).as(t.name()).isNotEmpty().allSatisfy(f -> assertThat(f.article()).as(t + "." + f.name()).isNotBlank());
            assertThat(m.fields().stream().anyMatch(FormNode::required)).as(t + " has required fields").isTrue();
        }
    }

    @Test
    void theFormsCarryTheSchemasConstraints() {
        FormModel art29 = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        FormNode.Field necessity = field(art29, "necessity");
        assertThat(necessity.kind()).isEqualTo(FormNode.Kind.TEXTAREA);
        assertThat(necessity.required()).isTrue();
        assertThat(necessity.maxLength()).isEqualTo(4000);
        assertThat(necessity.article()).isEqualTo("ETS 185 Art. 29(2)(e)");
        FormNode.Field phone = field(art29, "requestingAuthority.contactPhone");
        assertThat(phone.required()).isFalse();
        assertThat(phone.pattern()).isEqualTo("^\\+[1-9][0-9]{6,14}$");
        assertThat(phone.hint()).contains("E.164");
        assertThat(phone.article()).isEqualTo("ETS 185 Art. 29(2)(a)");
        FormNode.Field days = field(art29, "preservationDays");
        assertThat(days.kind()).isEqualTo(FormNode.Kind.INTEGER);
        assertThat(days.min()).isEqualTo(60L);
        assertThat(days.max()).isEqualTo(3650L);
        assertThat(field(art29, "dataToPreserve.categories").kind()).isEqualTo(FormNode.Kind.ENUM_SET);
        assertThat(field(art29, "dataToPreserve.categories").options()).contains("SUBSCRIBER", "CONTENT");
        assertThat(field(art29, "requestedParty").kind()).isEqualTo(FormNode.Kind.COUNTRY);
        assertThat(field(art29, "requestedParty").options()).contains("FR", "IE");
        assertThat(field(art29, "mutualAssistanceIntent.intended").kind()).isEqualTo(FormNode.Kind.BOOLEAN);
        assertThat(field(art29, "identifiers.observedAt").kind()).isEqualTo(FormNode.Kind.DATETIME);
        assertThat(field(art29, "offence.summaryOfFacts").sensitive()).isTrue();
        FormNode.Group ids = (FormNode.Group) art29.nodes().stream().filter(n -> n.name().equals("identifiers")).findFirst().orElseThrow();
        assertThat(ids.repeated()).isTrue();
        assertThat(ids.required()).isTrue();
        assertThat(ids.maxOccurs()).isEqualTo(100);

        FormModel epoc = FormModel.of(MessageType.EU_EPOC).orElseThrow();
        assertThat(field(epoc, "deadline").kind()).isEqualTo(FormNode.Kind.ENUM);
        assertThat(field(epoc, "deadline").options()).containsExactly("TEN_DAYS", "END_OF_ENFORCING_AUTHORITY_WINDOW", "EIGHT_HOURS");
        assertThat(field(epoc, "maximumPenaltyYears").article()).isEqualTo("Reg. (EU) 2023/1543 Art. 5(4)(a)");
        // nested repeated groups: content items with their perceptual hashes
        FormModel removal = FormModel.of(MessageType.CONTENT_REMOVAL_ORDER).orElseThrow();
        assertThat(field(removal, "content.perceptualHashes.algorithm").kind()).isEqualTo(FormNode.Kind.ENUM);
    }

    @Test
    void eachRoleIsOfferedTheTypesItSendsAndTogetherTheyCoverTheCatalogue() {
        List<MessageType> cp = FormModel.requestTypesFor(Set.of(Role.CONTACT_POINT));
        List<MessageType> ja = FormModel.requestTypesFor(Set.of(Role.JUDICIAL_AUTHORITY));
        assertThat(FormModel.requestTypesFor(Set.of(Role.PLATFORM))).isEmpty();
        assertThat(FormModel.requestTypesFor(Set.of(Role.AUDITOR))).isEmpty();
        assertThat(cp).contains(MessageType.BUDAPEST_ART29_PRESERVATION, MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE).doesNotContain(MessageType.EU_EPOC);
        assertThat(ja).contains(MessageType.EU_EPOC, MessageType.EU_EPOC_PR).doesNotContain(MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE);
        Set<MessageType> both = new HashSet<>(cp);
        both.addAll(ja);
        assertThat(both).containsExactlyInAnyOrderElementsOf(FormModel.requestTypes());
    }

    @Test
    void labelsAndHtmlPatternsAreDerivedFromTheSchema() {
        assertThat(FormGenerator.label("requestingAuthority")).isEqualTo("Requesting authority");
        assertThat(FormPage.htmlPattern("^[A-Za-z0-9][A-Za-z0-9._:/-]*$")).isEqualTo("[A-Za-z0-9][A-Za-z0-9._:\\/\\-]*");
        assertThat(FormPage.htmlPattern("^\\+[1-9][0-9]{6,14}$")).isEqualTo("\\+[1-9][0-9]{6,14}");
        assertThat(FormPage.id("identifiers[0].value")).isEqualTo("f-identifiers-0-value");
    }

    private static FormNode.Field field(FormModel m, String name) {
        return m.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no field " + name));
    }
}
