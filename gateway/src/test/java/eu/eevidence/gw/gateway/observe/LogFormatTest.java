package eu.eevidence.gw.gateway.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatTest {

    private static String logged(LogFormat format) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ctx.reset();
            new ContextInitializer(ctx).autoConfig(); // the console appender opens System.err as it is now
            format.apply();
            LoggerFactory.getLogger("eu.eevidence.gw.gateway.observe.Probe").warn("EEG-DLV-RETRY request {} attempt 2", "r-9");
            LoggerFactory.getLogger("org.apache.activemq.Probe").warn("broker says hello");
        } finally {
            System.setErr(err);
            ctx.reset();
            new ContextInitializer(ctx).autoConfig();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textLeavesThePatternOfLogbackXml() throws Exception {
        String out = logged(LogFormat.TEXT);
        assertThat(out).contains(" WARN ").contains("EEG-DLV-RETRY request r-9 attempt 2").doesNotContain("{\"time\"");
    }

    @Test
    void jsonWritesOneObjectPerLineEachWithACode() throws Exception {
        String[] lines = logged(LogFormat.JSON).strip().split("\n");
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines[0]).get("code").asText()).isEqualTo("EEG-DLV-RETRY");
        assertThat(json.readTree(lines[1]).get("code").asText()).isEqualTo("EEG-LOG-LIBRARY");
        assertThat(json.readTree(lines[1]).get("level").asText()).isEqualTo("WARN");
    }
}
