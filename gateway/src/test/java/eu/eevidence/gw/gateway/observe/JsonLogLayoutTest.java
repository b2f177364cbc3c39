package eu.eevidence.gw.gateway.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode line(String logger, Level level, String message, Throwable t, Map<String, String> mdc) throws Exception {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent("fqcn", ctx.getLogger(logger), level, message, t, null);
        e.setTimeStamp(1_765_101_600_123L);
        e.setMDCPropertyMap(mdc);
        String out = new JsonLogLayout().doLayout(e);
        assertThat(out).endsWith("\n").doesNotContain("\n{");
        assertThat(out.indexOf('\n')).isEqualTo(out.length() - 1);
        return JSON.readTree(out);
    }

    @Test
    void aLibraryLineWithoutACodeGetsTheLibraryCode() throws Exception {
        JsonNode n = line("org.eclipse.jetty.server.Server", Level.WARN, "something odd", null, Map.of());
        assertThat(n.get("code").asText()).isEqualTo("EEG-LOG-LIBRARY");
        assertThat(n.has("requestId")).isFalse();
        assertThat(n.has("traceId")).isFalse();
    }

    @Test
    void aNodeLineWithoutACodeIsMarkedUncoded() throws Exception {
        assertThat(line("eu.eevidence.gw.gateway.x.Y", Level.INFO, "no code here", null, Map.of()).get("code").asText()).isEqualTo("EEG-LOG-UNCODED");
        assertThat(JsonLogLayout.codeOf("EEG-", "eu.eevidence.x")).isEqualTo("EEG-LOG-UNCODED");
        assertThat(JsonLogLayout.codeOf("see EEG-DLV-OK", "eu.eevidence.x")).isEqualTo("EEG-LOG-UNCODED");
    }

    @Test
    void anErrorIsItsClassNamesNeverItsMessage() throws Exception {
        Exception e = new IllegalStateException("Jane Doe's account", new java.io.IOException("secret input"));
        JsonNode n = line("eu.eevidence.gw.gateway.x.Y", Level.ERROR, "EEG-INTERNAL incident 42", e, Map.of());
        assertThat(n.get("error").asText()).isEqualTo("java.lang.IllegalStateException <- java.io.IOException");
        assertThat(n.toString()).doesNotContain("Jane").doesNotContain("secret");
    }

    @Test
    void theFieldsOfANodeLine() throws Exception {
        JsonNode n = line("eu.eevidence.gw.gateway.delivery.DeliveryService", Level.INFO, "EEG-DLV-OK request r-1 delivered \"quoted\"\nnext", null,
                Map.of(LogContext.REQUEST_ID, "r-1", LogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(n.get("time").asText()).isEqualTo("2025-12-07T10:00:00.123Z");
        assertThat(n.get("level").asText()).isEqualTo("INFO");
        assertThat(n.get("code").asText()).isEqualTo("EEG-DLV-OK");
        assertThat(n.get("requestId").asText()).isEqualTo("r-1");
        assertThat(n.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(n.get("message").asText()).isEqualTo("EEG-DLV-OK request r-1 delivered \"quoted\"\nnext");
        assertThat(n.get("logger").asText()).endsWith("DeliveryService");
    }
}
