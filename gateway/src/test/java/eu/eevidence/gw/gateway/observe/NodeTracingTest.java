package eu.eevidence.gw.gateway.observe;

import eu.eevidence.gw.adapter.api.OutboundTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeTracingTest {

    private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aMalformedOrMissingTraceparentStartsANewTrace() {
        InMemorySpanExporter out = InMemorySpanExporter.create();
        try (NodeTracing tracing = new NodeTracing(TraceSettings.exportingTo(out), "fr-247")) {
            tracing.start("a", SpanKind.SERVER, NodeTracing.extract("00-zz-not-a-trace-01")).end();
            tracing.start("b", SpanKind.SERVER, NodeTracing.extract(null)).end();
            tracing.start("c", SpanKind.SERVER, NodeTracing.extract("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).end();
            assertThat(out.getFinishedSpanItems()).hasSize(3).allSatisfy(s -> {
                assertThat(s.getParentSpanContext().isValid()).isFalse();
                assertThat(s.getSpanContext().isValid()).isTrue();
                assertThat(s.getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            });
            assertThat(out.getFinishedSpanItems().get(0).getTraceId()).isNotEqualTo(out.getFinishedSpanItems().get(1).getTraceId());
        }
    }

    @Test
    void anIncomingTraceparentIsContinuedThroughAQueueAndOntoAnOutgoingCall() {
        InMemorySpanExporter out = InMemorySpanExporter.create();
        try (NodeTracing tracing = new NodeTracing(TraceSettings.exportingTo(out), "fr-247")) {
            Span intake = tracing.start("intake", SpanKind.SERVER, NodeTracing.extract(INCOMING));
            String queued;
            try (Scope ignored = intake.makeCurrent()) {
                queued = NodeTracing.currentTraceparent();
            } finally {
                intake.end();
            }
            assertThat(NodeTracing.currentTraceparent()).isNull();
            Span attempt = tracing.start("attempt", SpanKind.CLIENT, NodeTracing.extract(queued));
            try (Scope ignored = attempt.makeCurrent(); OutboundTrace.Scope call = OutboundTrace.with(NodeTracing.currentTraceparent())) {
                assertThat(OutboundTrace.current())
                        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + attempt.getSpanContext().getSpanId() + "-01"); // the caller's flags
            } finally {
                attempt.end();
            }
            assertThat(OutboundTrace.current()).isNull();
            SpanData first = out.getFinishedSpanItems().get(0);
            SpanData second = out.getFinishedSpanItems().get(1);
            assertThat(first.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(first.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(second.getTraceId()).isEqualTo(first.getTraceId());
            assertThat(second.getParentSpanId()).isEqualTo(first.getSpanId());
            assertThat(first.getResource().getAttribute(AttributeKey.stringKey("service.instance.id"))).isEqualTo("fr-247");
        }
    }

    @Test
    void anOutboundScopeIgnoresAMalformedValue() {
        try (OutboundTrace.Scope ignored = OutboundTrace.with("00-abc\r\nX-Injected: 1")) {
            assertThat(OutboundTrace.current()).isNull();
        }
        assertThat(NodeTracing.traceparent(Context.root())).isNull();
    }

    @Test
    void anOtlpEndpointThatIsNoHttpUrlWithAHostIsRefused() {
        for (String bad : new String[] {"collector:4318", "ftp://collector/", "http:///v1/traces", "http://u:p@collector:4318", "not a url", ""}) {
            assertThatThrownBy(() -> TraceSettings.otlp(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("EEG-TRACE-OTLP-ENDPOINT ");
        }
        assertThatThrownBy(() -> TraceSettings.otlp((String) null)).hasMessageStartingWith("EEG-TRACE-OTLP-ENDPOINT ");
    }

    @Test
    void theOtlpUrlGetsTheTracesPathOnlyWhenItHasNone() {
        assertThat(TraceSettings.otlp(URI.create("http://collector:4318")).otlpTracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TraceSettings.otlp(URI.create("http://collector:4318/")).otlpTracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TraceSettings.otlp(URI.create("https://c.example/otlp/v1/traces")).otlpTracesUrl())
                .isEqualTo("https://c.example/otlp/v1/traces");
    }

    @Test
    void offMakesValidSpansWithoutAnExportThread() {
        try (NodeTracing tracing = NodeTracing.off()) {
            Span s = tracing.start("x", SpanKind.INTERNAL, Context.root());
            assertThat(s.getSpanContext().isValid()).isTrue();
            s.end();
            try (Scope ignored = s.makeCurrent()) {
                assertThat(NodeTracing.currentTraceparent()).startsWith("00-" + s.getSpanContext().getTraceId() + "-");
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("BatchSpanProcessor"));
        }
    }
}
