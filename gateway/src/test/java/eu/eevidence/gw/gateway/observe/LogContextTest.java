package eu.eevidence.gw.gateway.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

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

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void withoutACurrentSpanTheLogContextKeepsWhatItHad() {
        MDC.put(LogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
        try (LogContext.Scope ignored = LogContext.enterCurrentSpan(null)) {
            assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
        }
        assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void theCurrentSpansTraceIdAndTheRequestIdUntilTheScopeClosesThenThePreviousContext() {
        MDC.put(LogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
        try (NodeTracing tracing = NodeTracing.off()) {
            Span span = tracing.startInCurrent("test", SpanKind.INTERNAL);
            try (io.opentelemetry.context.Scope s = span.makeCurrent(); LogContext.Scope log = LogContext.enterCurrentSpan("R-1")) {
                assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo(span.getSpanContext().getTraceId())
                        .isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("R-1");
            } finally {
                span.end();
            }
        }
        assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
    }
}
