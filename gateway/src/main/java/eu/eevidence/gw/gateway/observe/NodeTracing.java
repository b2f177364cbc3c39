package eu.eevidence.gw.gateway.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node's traces (ADR-0027): its own OpenTelemetry tracer provider (never the global one: several nodes share a test
 * JVM), W3C Trace Context ({@code traceparent}) in and out. Export per {@link TraceSettings}; off by default, when the
 * provider has no processor and no thread: spans still get ids, so that a trace crosses this node to the next.
 * Attributes are bounded names only ({@link #MESSAGE_TYPE}, {@link #DESTINATION}, {@link #OUTCOME}, ...): never a request
 * id, a subject or content.
 */
public final class NodeTracing implements AutoCloseable {

    /** The W3C header (and queued message property) carrying the trace context. */
    public static final String TRACEPARENT = "traceparent";
    /** The kind of message: request, notice, network, ... (a fixed set). */
    public static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("eeg.message.type");
    /** A configured destination: platform or peer node id. */
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("eeg.destination");
    /** How a step ended: a fixed word (delivered, retry, dead-letter, ...) or a status. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("eeg.outcome");
    /** The route template of an HTTP request (never the path as sent). */
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    /** The HTTP status of an answer. */
    public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<String> ONE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    /** @param nodeId the node's configured id (or name), the spans' {@code service.instance.id} */
    public NodeTracing(TraceSettings settings, String nodeId) {
        SdkTracerProviderBuilder b = SdkTracerProvider.builder().setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "eevidence-gateway",
                AttributeKey.stringKey("service.instance.id"), nodeId == null ? "node" : nodeId))));
        if (settings.exporter() != null) {
            b.addSpanProcessor(SimpleSpanProcessor.create(settings.exporter()));
        }
        if (settings.otlpEndpoint() != null) {
            b.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(settings.otlpTracesUrl()).build()).build());
        }
        if (settings.exporter() == null && settings.otlpEndpoint() == null) {
            // without any processor the SDK makes non-recording spans without ids of their own: the trace would stop here
            b.addSpanProcessor(new SpanProcessor() {
                @Override
                public void onStart(Context parentContext, ReadWriteSpan span) {
                }

                @Override
                public boolean isStartRequired() {
                    return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {
                }

                @Override
                public boolean isEndRequired() {
                    return false;
                }
            });
        }
        this.provider = b.build();
        this.tracer = provider.get("eu.eevidence.gw.gateway");
    }

    /** Tracing with nothing exported (unit tests, tools). */
    public static NodeTracing off() {
        return new NodeTracing(TraceSettings.off(), "node");
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A span named {@code name} of {@code kind}, child of {@code parent}'s span (a new trace if it has none). */
    public Span start(String name, SpanKind kind, Context parent) {
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent == null ? Context.root() : parent);
        return b.startSpan();
    }

    /** A span that is a child of the current one (or the root of a new trace). */
    public Span startInCurrent(String name, SpanKind kind) {
        return start(name, kind, Context.current());
    }

    /** Runs {@code work} in an internal span {@code name}, child of the current span (seal, ...); an exception marks it. */
    public <T, X extends Exception> T inSpan(String name, Work<T, X> work) throws X {
        Span span = startInCurrent(name, SpanKind.INTERNAL);
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            return work.run();
        } catch (Exception | Error e) {
            span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A step that returns a value or throws {@code X}. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws X;
    }

    /** The context of a W3C {@code traceparent} value; the root context when it is null or malformed. */
    public static Context extract(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent.trim(), ONE_HEADER);
    }

    /** The {@code traceparent} of {@code context}'s span, or null when it has no valid span. */
    public static String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        W3C.inject(context, out, Map::put);
        return out.get(TRACEPARENT);
    }

    /** The {@code traceparent} of the current span, or null. */
    public static String currentTraceparent() {
        return traceparent(Context.current());
    }

    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
