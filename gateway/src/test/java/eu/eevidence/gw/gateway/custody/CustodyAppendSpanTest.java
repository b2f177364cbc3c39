package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.observe.NodeTracing;
import eu.eevidence.gw.gateway.observe.TraceSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CustodyAppendSpanTest {

    @TempDir
    Path dir;

    @Test
    void eachCustodyAppendIsASpanWithTheEventTypeOnlyNeverTheRequestIdOrActor() throws Exception {
        InMemorySpanExporter out = InMemorySpanExporter.create();
        try (Database db = Database.open(Database.embeddedUrl(dir.resolve("db")), "sa", "");
             NodeTracing tracing = new NodeTracing(TraceSettings.exportingTo(out), "fr-247");
             CustodyService custody = CustodyService.start(dir, db, Clock.systemUTC(), 3600, tracing.tracer())) {
            assertThat(out.getFinishedSpanItems()).isEmpty();
            CustodyEvent e = new CustodyEvent(CustodyEventType.REQUEST_RECEIVED, "REQ-SECRET-1", Instant.now(), "Jane Officer", null, null,
                    null, null, null);
            db.inTx(c -> {
                custody.stage(c, e);
                return null;
            });
            custody.committed();
            assertThat(out.getFinishedSpanItems()).hasSize(1);
            SpanData span = out.getFinishedSpanItems().get(0);
            assertThat(span.getName()).isEqualTo("eeg.custody.append");
            assertThat(span.getAttributes().asMap()).isEqualTo(Map.of(AttributeKey.stringKey("eeg.custody.event"), "REQUEST_RECEIVED"));
            assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("REQ-SECRET-1").doesNotContain("Jane");
        }
    }
}
