package eu.eevidence.gw.gateway.deadline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineRulesTest {

    private final DeadlineRules rules = DeadlineRules.builtIn();

    @Test
    void everyShippedRuleNamesItsLegalSource() {
        assertThat(rules.all()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(rules.all()).allSatisfy(r -> {
            assertThat(r.source()).matches(".*(ETS 185|CETS 224|2023/1543|CM/Rec\\(2026\\)2|2021/784|Convention against Cybercrime).*");
            assertThat(r.appliesTo()).isNotEmpty();
        });
    }

    @Test
    void theLegalFiguresAreTheOnesInTheInstruments() {
        assertThat(rules.find("BUDAPEST_ART29_PRESERVATION_MIN").orElseThrow()).extracting(DeadlineRule::amount, DeadlineRule::unit)
                .containsExactly(60L, DeadlineUnit.CALENDAR_DAYS);
        assertThat(rules.find("EPOC_PRODUCTION").orElseThrow().amount()).isEqualTo(10);
        // UN Convention against Cybercrime Art. 42: not less than 60 days, like ETS 185 Art. 29(7); no hours for "expeditiously"
        assertThat(rules.find("UNCC_ART42_PRESERVATION_MIN").orElseThrow()).extracting(DeadlineRule::amount, DeadlineRule::unit)
                .containsExactly(60L, DeadlineUnit.CALENDAR_DAYS);
        assertThat(rules.find("UNCC_ART42_DELIVERY_TARGET").orElseThrow().amount())
                .isEqualTo(rules.find("BUDAPEST_ART29_DELIVERY_TARGET").orElseThrow().amount());
        assertThat(rules.find("EPOC_EMERGENCY").orElseThrow()).extracting(DeadlineRule::amount, DeadlineRule::unit)
                .containsExactly(8L, DeadlineUnit.HOURS);
        assertThat(rules.find("EPOC_EMERGENCY_EA_OBJECTION").orElseThrow().amount()).isEqualTo(96);
        DeadlineRule pr = rules.find("EPOC_PR_PRESERVATION").orElseThrow();
        assertThat(pr.amount()).isEqualTo(60);
        assertThat(pr.extension()).extracting(DeadlineRule.Extension::amount, DeadlineRule.Extension::max).containsExactly(30L, 1);
        assertThat(rules.find("EA_RECOGNITION_DECISION").orElseThrow()).extracting(DeadlineRule::amount, DeadlineRule::unit)
                .containsExactly(5L, DeadlineUnit.WORKING_DAYS);
        assertThat(rules.find("PROTOCOL_ART7_DISCLOSURE").orElseThrow().amount()).isEqualTo(30);
        assertThat(rules.find("PROTOCOL_ART8_SERVICE").orElseThrow().amount()).isEqualTo(45);
        assertThat(rules.find("PROTOCOL_ART8_RETURN_SUBSCRIBER").orElseThrow().amount()).isEqualTo(20);
        assertThat(rules.find("PROTOCOL_ART8_RETURN_TRAFFIC").orElseThrow().amount()).isEqualTo(45);
        assertThat(rules.find("PROTOCOL_ART9_EMERGENCY").orElseThrow().deploymentTarget()).isTrue();
        assertThat(rules.find("BUDAPEST_ART29_PRESERVATION_MIN").orElseThrow().holdWhileSuspended()).isTrue();
    }

    @Test
    void anEmergencyEpocGetsTheEightHourRuleAndNotTheTenDayRule() {
        assertThat(rules.startingOn("EU_EPOC", Set.of("emergency"), "DELIVERED", null)).extracting(DeadlineRule::id)
                .containsExactly("EPOC_EMERGENCY");
        assertThat(rules.startingOn("EU_EPOC", Set.of("emergency", "enforcingAuthorityNotified"), "DELIVERED", null))
                .extracting(DeadlineRule::id).containsExactlyInAnyOrder("EPOC_EMERGENCY", "EPOC_EMERGENCY_EA_OBJECTION");
        assertThat(rules.startingOn("EU_EPOC", Set.of(), "DELIVERED", null)).extracting(DeadlineRule::id).containsExactly("EPOC_PRODUCTION");
        assertThat(rules.startingOn("EU_EPOC", Set.of(), "PRESERVED", null)).isEmpty();
    }

    @Test
    void overridesApplyPerDeploymentAndPerBilateralArrangement(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, """
                {"deployment": {"BUDAPEST_ART29_DELIVERY_TARGET": {"amount": 12, "unit": "HOURS"}},
                 "bilateral": {"us": {"BUDAPEST_ART29_PRESERVATION_MIN": {"amount": 90}}}}""");
        DeadlineRules r = rules.withOverrides(file);
        assertThat(r.find("BUDAPEST_ART29_DELIVERY_TARGET").orElseThrow().amount()).isEqualTo(12);
        assertThat(r.find("BUDAPEST_ART29_PRESERVATION_MIN", "US").orElseThrow().amount()).isEqualTo(90);
        assertThat(r.find("BUDAPEST_ART29_PRESERVATION_MIN", "FR").orElseThrow().amount()).isEqualTo(60);
        assertThat(r.startingOn("BUDAPEST_ART29_PRESERVATION", Set.of(), "PRESERVED", "US")).extracting(DeadlineRule::amount).containsExactly(90L);
    }

    @Test
    void anOverrideCannotShortenALegalFloor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, "{\"bilateral\": {\"US\": {\"BUDAPEST_ART29_PRESERVATION_MIN\": {\"amount\": 30}}}}");
        assertThatThrownBy(() -> rules.withOverrides(file)).hasMessageStartingWith("EEG-DDL-004");
    }

    @Test
    void anOverrideOfAnUnknownRuleIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, "{\"deployment\": {\"NO_SUCH_RULE\": {\"amount\": 3}}}");
        assertThatThrownBy(() -> rules.withOverrides(file)).hasMessageStartingWith("EEG-DDL-006");
    }
}
