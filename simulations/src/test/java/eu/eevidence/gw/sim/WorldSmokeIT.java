package eu.eevidence.gw.sim;

import eu.eevidence.gw.gateway.intake.IntakeError;
import eu.eevidence.gw.sim.world.CrossBorder;
import eu.eevidence.gw.sim.world.WorldReport;
import eu.eevidence.gw.sim.world.WorldReports;
import eu.eevidence.gw.sim.world.WorldRunner;
import eu.eevidence.gw.sim.world.WorldScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two-country smoke world in CI: its own invariants hold (nothing lost, nothing created from rejected input,
 * custody logs verify and agree with the timelines), the outage was recovered from, and the report files exist and parse.
 */
class WorldSmokeIT {

    @Test
    void theTwoCountrySmokeWorldKeepsItsInvariantsAndWritesItsReport(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        WorldScenario smoke = WorldScenario.load("smoke");
        WorldReport report = WorldRunner.run(smoke, dir.resolve("data"), CrossBorder.network(), out);
        WorldReports.write(report, dir.resolve("out"));
        WorldReports.print(report, out);
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertThat(report.violations()).as(printed).isEmpty();
        assertThat(report.invariants()).allSatisfy(i -> assertThat(i.held()).as(i.name()).isTrue());
        assertThat(report.nodeChecks()).hasSize(3).allSatisfy(n -> {
            assertThat(n.custodyLogVerified()).isTrue();
            assertThat(n.stored()).isEqualTo(n.accepted());
        });
        int accepted = report.perInstrument().values().stream().mapToInt(WorldReport.Counts::accepted).sum();
        assertThat(accepted).isGreaterThan(20);
        assertThat(report.perInstrument()).containsKeys("EU_EPOC", "EU_EPOC_EMERGENCY", "CONTENT_REMOVAL_ORDER", "CONTENT_REMOVAL_ORDER_BY_HASH");
        assertThat(report.invariants()).anySatisfy(i -> assertThat(i.name()).startsWith("every removal order reaches REMOVED"));
        // issue 19: each node witnesses its peer; the latest checkpoints are cosigned and no witness alarm was raised
        assertThat(report.invariants()).filteredOn(i -> i.name().startsWith("every node's latest checkpoint is cosigned")).singleElement()
                .satisfies(i -> assertThat(i.detail()).startsWith("3 nodes, ").endsWith(" 0 witness alarms"));
        // issue 21 item 7: the TFVAWG traffic (civil court's NCII removal, sextortion emergency, UN Convention cyberstalking
        // preservation from a Party not bound by ETS 185, a regulator's refused production order) reached its states
        assertThat(report.invariants()).filteredOn(i -> i.name().startsWith("every TFVAWG request")).singleElement()
                .satisfies(i -> assertThat(i.detail()).as(printed).contains("removal REMOVED, preservation tracked",
                        "hash list 2 hashes sent after the removal, answered by the platform: matched 5, removed 4", "emergency COMPLETED within",
                        "preservation PRESERVED across the hop", "order 403 " + IntakeError.AUTH_ISSUER_SCOPE.code() + ", 0 stored", " 0 with victim data",
                        "statistics: period "));
        assertThat(report.perInstrument()).containsKey("UNCC_ART42_PRESERVATION");
        assertThat(report.perInstrument().keySet()).anyMatch(k -> k.startsWith("INVALID:"));
        assertThat(report.rejectionsByCode()).containsKey("EEG-REQ-INVALID").containsKey("EEG-AUTH-REVOKED");
        assertThat(report.emergencyVirtualMinutes().n()).isPositive();
        assertThat(report.recoveries()).singleElement().satisfies(r -> assertThat(r.drained()).isTrue());
        // country-addressed traffic crossed the 24/7 network: delivered to the requested Party's node with a signed
        // receipt, reviewed there as a case (accepted into a domestic order, or refused)
        assertThat(report.crossBorderTraffic().sent()).isPositive();
        assertThat(report.crossBorderTraffic().exchanged()).as(printed).isPositive();
        assertThat(report.crossBorderTraffic().reasons()).as(printed).containsKey("cases decided by the requested Parties");
        assertThat(report.crossBorderTraffic().reasons().get("cases decided by the requested Parties")).as(printed).isPositive();
        // evidence: the platforms uploaded what their final reports declared, and the items of a cross-border report
        // flowed back to the requesting node (same SHA-256, custody on both sides), nothing lost
        WorldReport.EvidenceStats evidence = report.evidence();
        assertThat(evidence.declared()).as(printed).isPositive();
        assertThat(evidence.storedOnRequestedNode() + evidence.uploadsPending()).as(printed).isEqualTo(evidence.declared());
        assertThat(evidence.crossBorderDeclared()).as(printed).isPositive();
        assertThat(evidence.transferred()).as(printed).isPositive();
        assertThat(evidence.transferred() + evidence.pending()).as(printed).isEqualTo(evidence.crossBorderDeclared());
        assertThat(evidence.failed() + evidence.lost()).as(printed).isZero();
        assertThat(evidence.custodySent()).isEqualTo(evidence.transferred());
        assertThat(evidence.custodyStoredFromNode()).isEqualTo(evidence.transferred());
        assertThat(evidence.bytesTransferred()).isPositive();
        assertThat(report.invariants()).anySatisfy(i -> assertThat(i.name()).startsWith("every item of a cross-border final report"));
        assertThat(printed).contains("INVARIANTS OK");

        Path json = dir.resolve("out").resolve("report.json");
        Path html = dir.resolve("out").resolve("report.html");
        assertThat(json).exists();
        assertThat(html).exists();
        WorldReport parsed = WorldReports.read(json);
        assertThat(parsed.perInstrument()).isEqualTo(report.perInstrument());
        assertThat(parsed.evidence()).isEqualTo(report.evidence());
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "INVARIANTS OK", "Evidence items").doesNotContain("<script", "src=\"http", "href=\"http", "url(http");
    }
}
