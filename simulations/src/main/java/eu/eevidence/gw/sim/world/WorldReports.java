package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.json and report.html and prints the summary. */
public final class WorldReports {

    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private WorldReports() {
    }

    public static void write(WorldReport r, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        JSON.writeValue(outDir.resolve("report.json").toFile(), r);
        Files.writeString(outDir.resolve("report.html"), HtmlReport.render(r), StandardCharsets.UTF_8);
    }

    public static WorldReport read(Path json) throws IOException {
        return JSON.readValue(json.toFile(), WorldReport.class);
    }

    public static void print(WorldReport r, PrintStream out) {
        out.printf("== %s: %d nodes, %d platforms, %.1f virtual days in %.1f s wall%n", r.scenario(), r.nodes(), r.platforms(), r.virtualDays(), r.wallMillis() / 1000.0);
        out.printf("%-36s %6s %8s %8s %9s %7s %6s %7s %7s%n", "instrument", "sent", "accepted", "rejected", "completed", "refused", "failed", "ended", "pending");
        r.perInstrument().forEach((k, c) -> out.printf("%-36s %6d %8d %8d %9d %7d %6d %7d %7d%n", k, c.sent(), c.accepted(), c.rejected(), c.completed(),
                c.refused(), c.failed(), c.ended(), c.pending()));
        out.printf("per platform:%n");
        r.perPlatform().forEach((k, c) -> out.printf("  %-34s %6d %8d %8d %9d %7d %6d %7d %7d%n", k, c.sent(), c.accepted(), c.rejected(), c.completed(),
                c.refused(), c.failed(), c.ended(), c.pending()));
        out.printf("deadline compliance:%n");
        r.compliance().forEach(c -> out.printf("  %-34s met %d breached %d open %d -> %.1f %% in time%n", c.instrument(), c.met(), c.breached(), c.open(),
                c.shareInTime() * 100));
        out.printf("emergency latency (n=%d): virtual min p50 %.1f p90 %.1f p99 %.1f; wall ms p50 %.1f p90 %.1f p99 %.1f%n", r.emergencyVirtualMinutes().n(),
                r.emergencyVirtualMinutes().p50(), r.emergencyVirtualMinutes().p90(), r.emergencyVirtualMinutes().p99(), r.emergencyWallMillis().p50(),
                r.emergencyWallMillis().p90(), r.emergencyWallMillis().p99());
        out.printf("retries %d, dead letters %d, rejections %s%n", r.retries(), r.deadLetters(), r.rejectionsByCode());
        r.recoveries().forEach(x -> out.printf("recovery after %s %s (up at %.1f h, backlog %d): %s virtual %.1f min, wall %d ms%n", x.fault(), x.platform(), x.upAtHours(),
                x.backlogAtUp(), x.drained() ? "drained in" : "NOT drained", x.virtualMinutes(), x.wallMillis()));
        out.printf("country-addressed: sent %d, exchanged %d, not exchanged %d %s%n", r.crossBorderTraffic().sent(), r.crossBorderTraffic().exchanged(),
                r.crossBorderTraffic().notExchanged(), r.crossBorderTraffic().reasons());
        WorldReport.EvidenceStats e = r.evidence() == null ? WorldReport.EvidenceStats.none() : r.evidence();
        out.printf("evidence: %d reports declared %d items; stored on the requested node %d (%d bytes uploaded, %d pending, %d refused, %d upload retries);"
                        + " cross-border %d: transferred %d (%d bytes), pending %d, failed %d, lost %d; custody EVIDENCE_SENT %d / EVIDENCE_STORED from node %d;"
                        + " other fetch jobs %s%n",
                e.reports(), e.declared(), e.storedOnRequestedNode(), e.bytesUploaded(), e.uploadsPending(), e.uploadsRefused(), e.uploadRetries(),
                e.crossBorderDeclared(), e.transferred(), e.bytesTransferred(), e.pending(), e.failed(), e.lost(), e.custodySent(), e.custodyStoredFromNode(),
                e.otherFetchJobs());
        r.invariants().forEach(i -> out.printf("  [%s] %s %s%n", i.held() ? "ok" : "VIOLATED", i.name(), i.detail()));
        out.printf("INVARIANTS %s%s%n", r.ok() ? "OK" : "VIOLATED", r.ok() ? "" : " " + r.violations().subList(0, Math.min(20, r.violations().size())));
    }
}
