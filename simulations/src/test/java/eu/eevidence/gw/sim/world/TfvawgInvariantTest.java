package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.action.ActionError;
import eu.eevidence.gw.gateway.intake.IntakeError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The TFVAWG invariant (issue 21 item 7): each way it can fail first, then a run that holds. */
class TfvawgInvariantTest {

    private final List<String> violations = new ArrayList<>();
    private final TfvawgInvariant inv = new TfvawgInvariant(violations);

    @Test
    void aRemovalNotRemovedOrWithoutItsPreservationFails() {
        inv.removal("r1", "DELIVERED", false, false);
        inv.removal("r2", "REMOVED", true, false);
        assertThat(inv.held()).isFalse();
        assertThat(violations).hasSize(2).allSatisfy(v -> assertThat(v).contains("not REMOVED with its preservation tracked"));
    }

    @Test
    void aHashListNotAnsweredOrWithOtherFiguresFailsButAChannelThatCannotCarryItIsExpected() {
        inv.hashList(200, null, 0, 2, null, null);
        inv.hashList(200, null, 201, 2, 1, 1);
        inv.hashList(0, null, 0, -1, null, null);
        assertThat(violations).hasSize(3);
        violations.clear();
        inv.hashList(422, ActionError.ACT_HASH_LIST_UNSUPPORTED.code(), 0, -1, null, null);
        assertThat(violations).isEmpty();
        assertThat(inv.figures()).contains("hash list refused as unsupported by the platform's channel");
    }

    @Test
    void anEmergencyBreachedOrUnansweredFails() {
        inv.emergency("e1", "COMPLETED", true, true);
        inv.emergency("e2", "DELIVERED", true, false);
        assertThat(violations).hasSize(2);
    }

    @Test
    void aUnConventionPreservationNotConfirmedAcrossTheHopOrWithoutItsRuleFails() {
        inv.uncc("u1", "DELIVERED", true, Messages.UNCC_PRESERVATION, "PRESERVED");
        inv.uncc("u2", "PRESERVED", false, Messages.UNCC_PRESERVATION, "PRESERVED");
        inv.uncc("u3", "PRESERVED", true, null, null);
        assertThat(violations).hasSize(3);
    }

    @Test
    void twoPartiesToTheBudapestConventionAreNotTheCaseTheWorldMustShow() {
        inv.parties("FR", null, "IE", List.of("BUDAPEST", "UN_CYBERCRIME"));
        assertThat(violations).singleElement().satisfies(v -> assertThat(v).contains("both Parties to ETS 185"));
        violations.clear();
        inv.parties("BR", List.of("UN_CYBERCRIME"), "IE", null);
        assertThat(violations).isEmpty();
    }

    @Test
    void aRegulatorsOrderAcceptedOrLeavingSomethingFails() {
        inv.regulator(201, null, 1);
        inv.regulator(403, IntakeError.AUTH_ISSUER_SCOPE.code(), 1);
        inv.regulator(422, "other", 0);
        assertThat(violations).hasSize(3);
    }

    @Test
    void victimDataInALogLineCustodyRecordOrTimelineFails() {
        inv.scan("log lines", "a log line", "recorded SEXTORTION for req-1");
        inv.scan("custody records", "custody", "{\"relationship\":\"FORMER_PARTNER\"}");
        inv.scan("timelines", "timeline", "{\"events\":[{\"event\":\"RECEIVED\"}]}");
        assertThat(violations).hasSize(2);
        assertThat(inv.figures()).contains("2 with victim data", "log lines=1", "timelines=1");
    }

    @Test
    void aPublishedStatisticsCellBelowTheMinimumFails() {
        inv.cell("offence-sex NCII FEMALE", 3, false, 5);
        inv.cell("offence-sex NCII MALE", null, false, 5);
        assertThat(violations).hasSize(2);
        violations.clear();
        inv.cell("a", 0, false, 5);
        inv.cell("b", 5, false, 5);
        inv.cell("c", null, true, 5);
        assertThat(violations).isEmpty();
    }

    @Test
    void aRunWhereEverythingCameAsExpectedHolds() {
        inv.removal("r", "REMOVED", true, true);
        inv.hashList(200, null, 201, 2, 5, 4);
        inv.emergency("e", "COMPLETED", true, false);
        inv.uncc("u", "PRESERVED", true, Messages.UNCC_PRESERVATION, "PRESERVED");
        inv.parties("BR", List.of("UN_CYBERCRIME"), "IE", null);
        inv.regulator(403, IntakeError.AUTH_ISSUER_SCOPE.code(), 0);
        inv.scan("log lines", "a log line", "EEG-VICTIM-RECORDED req-1");
        List<WorldReport.Invariant> out = new ArrayList<>();
        inv.report(out);
        assertThat(violations).isEmpty();
        assertThat(out).singleElement().satisfies(i -> {
            assertThat(i.held()).isTrue();
            assertThat(i.detail()).contains("removal REMOVED, preservation tracked", "answered by the platform: matched 5, removed 4",
                    "0 with victim data");
        });
    }

    @Test
    void aPartyOfTheUnConventionOnlyIsListedWithItsTypesAndNeverTheBudapestOnes() {
        assertThat(WorldSetUp.acceptedTypes(null)).isEmpty();
        assertThat(WorldSetUp.acceptedTypes(List.of("UN_CYBERCRIME"))).contains("UNCC_ART42_PRESERVATION", "UNCC_ART44_MUTUAL_ASSISTANCE")
                .doesNotContain("BUDAPEST_ART29_PRESERVATION", "EU_EPOC", "PROTOCOL_ART9_EMERGENCY_DISCLOSURE");
    }
}
