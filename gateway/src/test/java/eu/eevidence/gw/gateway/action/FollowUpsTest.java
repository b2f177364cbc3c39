package eu.eevidence.gw.gateway.action;

import eu.eevidence.gw.adapter.api.Operation;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.Party;
import eu.eevidence.gw.schema.PartyKind;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which follow-up an action sends, its operation, its notice ids and its catalogue message to a peer (ADR-0032). */
class FollowUpsTest {

    static RequestRecord request(String type) {
        return new RequestRecord("REQ-01JD0000000000000000000000", type, "p", "IE", RequestState.PRESERVED, "fp", "k", "b", "s",
                Instant.EPOCH, Instant.EPOCH, 1, "RCPT-1", null, null, null, null, null, null, 0);
    }

    @Test
    void correspondenceHasNoCatalogueMessageAndCannotTravelToAPeer() {
        assertThat(FollowUpType.CORRESPONDENCE.travelsToPeers()).isFalse();
        assertThatThrownBy(() -> FollowUps.catalogueBody(FollowUpType.CORRESPONDENCE, FollowUps.Draft.text("x"), OffsetDateTime.now(ZoneOffset.UTC)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownNoticeKindKeepsItsNameAsMessageType() {
        assertThat(FollowUpType.ofKind("NO_SUCH")).isEmpty();
        assertThat(FollowUpType.messageTypeOf("NO_SUCH")).isEqualTo("NO_SUCH");
        assertThat(FollowUpType.messageTypeOf("ANNEX6_EXTENSION")).isEqualTo("PRESERVATION_EXTENSION");
        assertThat(Operation.of(FollowUpType.messageTypeOf("CLARIFICATION_ANSWER"))).contains(Operation.CORRESPONDENCE);
    }

    @Test
    void everyFollowUpTypeMapsToAFollowUpOperationOfTheAdapterSpi() {
        for (FollowUpType t : FollowUpType.values()) {
            assertThat(t.operation().followUp()).as(t.name()).isTrue();
        }
    }

    @Test
    void theDeadlineActionPicksAnnexVIOnlyForTheExtensionOfAnEpocPr() {
        assertThat(RequestActions.followUpOfDeadline(request("EU_EPOC_PR"), "EPOC_PR_PRESERVATION", true)).isEqualTo(FollowUpType.ANNEX6_EXTENSION);
        assertThat(RequestActions.followUpOfDeadline(request("EU_EPOC_PR"), "EPOC_PR_PRESERVATION", false))
                .isEqualTo(FollowUpType.PRESERVATION_EXTENSION);
        assertThat(RequestActions.followUpOfDeadline(request("BUDAPEST_ART29_PRESERVATION"), "BUDAPEST_ART29_PRESERVATION_MIN", false))
                .isEqualTo(FollowUpType.PRESERVATION_EXTENSION);
        assertThat(RequestActions.followUpOfDeadline(request("EU_EPOC"), "EPOC_PRODUCTION", false)).isEqualTo(FollowUpType.DEADLINE_CHANGE);
    }

    @Test
    void requesterEventsSendTheirFollowUpAndAnnexVIsForEpocPrOnly() {
        assertThat(RequestActions.followUpOf("MLA_RECEIVED", request("EU_EPOC_PR"))).isNull();
        assertThat(RequestActions.followUpOf("SUBSEQUENT_REQUEST_CONFIRMED", request("BUDAPEST_ART29_PRESERVATION"))).isNull();
        assertThat(RequestActions.followUpOf("SUBSEQUENT_REQUEST_CONFIRMED", request("EU_EPOC_PR"))).isEqualTo(FollowUpType.ANNEX5_CONFIRMATION);
        assertThat(RequestActions.followUpOf("CLARIFICATION_ANSWERED", request("EU_EPOC"))).isEqualTo(FollowUpType.CLARIFICATION_ANSWER);
    }

    @Test
    void noticeIdsAreDistinctPerFollowUpAndFitTheColumn() {
        String id = "REQ-01JD0000000000000000000000";
        assertThat(Notice.idOf(id, "WITHDRAWAL", 1)).isEqualTo("NTC-WITHDRAWAL-" + id);
        assertThat(Notice.idOf(id, "DEADLINE_CHANGE", 2)).isNotEqualTo(Notice.idOf(id, "DEADLINE_CHANGE", 3));
        assertThat(Notice.idOf(id, "PRESERVATION_EXTENSION", 999).length()).isLessThanOrEqualTo(80);
    }

    @Test
    void theEuFormsTravelOnlyToServiceProvidersNeverToAPeerNode() {
        assertThat(FollowUpType.ANNEX5_CONFIRMATION.travelsToPeers()).isFalse();
        assertThat(FollowUpType.ANNEX6_EXTENSION.travelsToPeers()).isFalse();
        assertThat(MessageType.EU_ANNEX6_EXTENSION.receivers()).containsExactly(PartyKind.SERVICE_PROVIDER);
        assertThat(MessageType.EU_EPOC_PR.receivers()).containsExactly(PartyKind.SERVICE_PROVIDER);
    }

    @ParameterizedTest
    @EnumSource(value = FollowUpType.class, names = {"WITHDRAWAL", "DEADLINE_CHANGE", "PRESERVATION_EXTENSION", "CLARIFICATION_ANSWER"})
    void everyFollowUpThatTravelsToAPeerIsAValidCatalogueMessage(FollowUpType type) {
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 7, 22, 0, 0, 0, ZoneOffset.UTC);
        LifecycleMessage body = FollowUps.catalogueBody(type, new FollowUps.Draft("because", now.plusDays(30).toInstant(), "R"), now);
        Envelope e = new Envelope("NTC-" + type + "-REQ-01JD0000000000000000000000", "fr-247:REQ-01JD0000000000000000000000",
                Envelope.CURRENT_VERSION, new Party(PartyKind.CONTACT_POINT_24_7, "fr-247", "FR", null),
                new Party(PartyKind.CONTACT_POINT_24_7, "ie-247", "IE", null), now, body);
        MessageCatalogue catalogue = new MessageCatalogue();
        Decoded d = catalogue.decodeJson(catalogue.encodeJson(e));
        assertThat(d).as(d.toString()).isInstanceOf(Decoded.Valid.class);
        assertThat(type.travelsToPeers()).isTrue();
        assertThat(body.type()).isIn(MessageType.WITHDRAWAL, MessageType.DEADLINE_CHANGE, MessageType.CLARIFICATION_ANSWER);
    }
}
