package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The world's messages pass the catalogue's full validation, are dated at the virtual now, and the malformed ones fail. */
class MessagesTest {

    private final Messages messages = new Messages();
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final Instant now = Instant.parse("2027-06-01T10:00:00Z");

    @Test
    void everyRequestAndAnswerTheWorldSendsIsValidAndDatedAtTheVirtualNow() {
        List<byte[]> all = new ArrayList<>();
        for (String i : Messages.PLATFORM_INSTRUMENTS) {
            all.add(messages.toPlatform(i, "chatapp-nl", "NL", "FR", now, "SIM-T-" + i));
        }
        all.add(messages.toPlatform(Messages.EMERGENCY_PLATFORM, "chatapp-nl", "NL", "FR", now, "SIM-T-E"));
        for (String i : List.of("BUDAPEST_ART29_PRESERVATION", "BUDAPEST_ART31_MUTUAL_ASSISTANCE", Messages.EMERGENCY_COUNTRY, Messages.ASSISTANCE_COUNTRY,
                "PROTOCOL_ART8_GIVE_EFFECT", "PROTOCOL_ART10_EMERGENCY_MLA")) {
            all.add(messages.toCountry(i, "FR", "NL", now));
        }
        for (String a : List.of("ACKNOWLEDGEMENT", "CLARIFICATION_REQUEST", "REFUSAL", "EXECUTION_REPORT")) {
            all.add(messages.answer(a, "REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ", "chatapp-nl", now));
        }
        all.add(messages.removed("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ", "chatapp-nl", now, true));
        all.add(messages.removed("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ", "chatapp-nl", now, false));
        all.add(messages.hashListApplied("NTC-01JDZZZZZZZZZZZZZZZZZZZZZZ-1", "chatapp-nl", now));
        for (byte[] m : all) {
            Decoded d = catalogue.decodeJson(m);
            assertThat(d).as(new String(m)).isInstanceOf(Decoded.Valid.class);
            JsonNode n = Messages.read(m);
            Instant created = OffsetDateTime.parse(n.get("createdAt").asText()).toInstant();
            assertThat(created).isBeforeOrEqualTo(now).isAfter(now.minusSeconds(86_400));
        }
        JsonNode byHash = Messages.read(messages.toPlatform(Messages.REMOVAL_BY_HASH, "p", "IE", "DE", now, "SIM-T-H"));
        assertThat(byHash.at("/body/content").size()).isEqualTo(1);
        assertThat(byHash.at("/body/content/0/locator").isMissingNode()).isTrue();
        assertThat(byHash.at("/body/content/0/hashes").size()).isEqualTo(2);
        assertThat(Messages.read(messages.toPlatform(Messages.REMOVAL, "p", "IE", "DE", now, "SIM-T-L")).findValues("hashes")).isEmpty();
        JsonNode emergency = Messages.read(messages.toPlatform(Messages.EMERGENCY_PLATFORM, "p", "IE", "DE", now, "SIM-T-X"));
        assertThat(emergency.at("/body/deadline").asText()).isEqualTo("EIGHT_HOURS");
        assertThat(emergency.at("/body/addressee/provider/platformId").asText()).isEqualTo("p");
    }

    @Test
    void everyStateAddressedTypeIsSentToTheRequestedPartyWithItsAuthorities() {
        assertThat(Messages.COUNTRY_INSTRUMENTS).contains("BUDAPEST_ART35_ASSISTANCE", "PROTOCOL_ART8_GIVE_EFFECT", "PROTOCOL_ART10_EMERGENCY_MLA");
        JsonNode art8 = Messages.read(messages.toCountry("PROTOCOL_ART8_GIVE_EFFECT", "DE", "IE", now));
        assertThat(art8.has("correlationId")).isFalse();
        assertThat(art8.at("/sender/kind").asText()).isEqualTo("CENTRAL_AUTHORITY");
        assertThat(art8.at("/body/requestedParty").asText()).isEqualTo("IE");
        assertThat(Messages.emergency("PROTOCOL_ART10_EMERGENCY_MLA")).isTrue();
    }

    @Test
    void theUnConventionsPreservationAndMutualAssistanceAreSendableAndValid() {
        JsonNode toPlatform = Messages.read(messages.toPlatform(Messages.UNCC_PRESERVATION, "chatapp-nl", "IE", "BR", now, "SIM-T-U"));
        assertThat(toPlatform.at("/body/custodian/platformId").asText()).isEqualTo("chatapp-nl");
        assertThat(toPlatform.at("/body/requestedParty").asText()).isEqualTo("IE");
        assertThat(toPlatform.at("/body/clientRequestId").asText()).isEqualTo("SIM-T-U");
        for (byte[] m : List.of(messages.toPlatform(Messages.UNCC_PRESERVATION, "chatapp-nl", "IE", "BR", now, "SIM-T-U2"),
                messages.toCountry(Messages.UNCC_PRESERVATION, "BR", "NG", now), messages.toCountry(Messages.UNCC_MUTUAL_ASSISTANCE, "BR", "NG", now))) {
            assertThat(catalogue.decodeJson(m)).as(new String(m)).isInstanceOf(Decoded.Valid.class);
            assertThat(Messages.read(m).at("/body/requestedParty").asText()).isIn("IE", "NG");
        }
    }

    @Test
    void aFinalReportListsExactlyTheItemsThePlatformUploadsAndStaysValid() {
        List<Messages.Item> items = List.of(new Messages.Item("sim-item-1", "application/octet-stream", 1024, "a".repeat(64)),
                new Messages.Item("sim-item-2", "application/octet-stream", 65_536, "b".repeat(64)));
        byte[] m = messages.report("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ", "chatapp-nl", now, items);
        assertThat(catalogue.decodeJson(m)).as(new String(m)).isInstanceOf(Decoded.Valid.class);
        JsonNode listed = Messages.read(m).at("/body/manifest/items");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("itemId").asText()).isEqualTo("sim-item-1");
        assertThat(listed.get(1).get("sizeBytes").asLong()).isEqualTo(65_536);
        assertThat(listed.get(1).get("sha256").asText()).isEqualTo("b".repeat(64));
        assertThat(Messages.read(m).at("/body/completeness").asText()).isEqualTo("FINAL");
    }

    @Test
    void theMalformedSubmissionIsRefusedByTheCatalogue() {
        Decoded d = catalogue.decodeJson(messages.invalid("p", "IE", "FR", now, "SIM-T-BAD"));
        assertThat(d).isInstanceOf(Decoded.Invalid.class);
    }
}
