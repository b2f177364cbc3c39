package eu.eevidence.gw.gateway.observe;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.net.URI;

/**
 * Where a node's spans go (ADR-0027): nowhere (the default: spans are made, ids propagated, nothing exported, no
 * thread), to an OpenTelemetry collector by OTLP over HTTP ({@code serve --otlp-endpoint}), or to a given exporter
 * (tests: an in-memory one).
 *
 * @param otlpEndpoint the collector's OTLP/HTTP traces URL ({@code /v1/traces} added when it has no path), or null
 * @param exporter     an exporter called synchronously as each span ends, or null
 */
public record TraceSettings(URI otlpEndpoint, SpanExporter exporter) {

    private static final TraceSettings OFF = new TraceSettings(null, null);

    public static TraceSettings off() {
        return OFF;
    }

    public static TraceSettings otlp(URI endpoint) {
        return new TraceSettings(endpoint, null);
    }

    public static TraceSettings exportingTo(SpanExporter exporter) {
        return new TraceSettings(null, exporter);
    }

    /** The traces URL to post to: the endpoint as given, or with {@code /v1/traces} when it has no path. */
    public String otlpTracesUrl() {
        String url = otlpEndpoint.toString();
        String path = otlpEndpoint.getPath();
        return path == null || path.isEmpty() || "/".equals(path) ? url.replaceAll("/$", "") + "/v1/traces" : url;
    }
}
