package eu.eevidence.gw.gateway.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogContextTest {

    @Test
    void malformedTraceparentsGiveNoTraceId() {
        assertThat(LogContext.traceIdOf(null)).isNull();
        assertThat(LogContext.traceIdOf("")).isNull();
        assertThat(LogContext.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(LogContext.traceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(LogContext.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")).isNull();
        assertThat(LogContext.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736\n-00f067aa0ba902b7-01")).isNull();
    }

    @Test
    void theTraceIdOfAW3cTraceparent() {
        assertThat(LogContext.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
