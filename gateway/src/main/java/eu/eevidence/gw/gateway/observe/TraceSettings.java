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

    /** Export to the collector at {@code endpoint}: an absolute http or https URL with a host ({@code EEG-TRACE-OTLP-ENDPOINT} if not). */
    public static TraceSettings otlp(URI endpoint) {
        String scheme = endpoint == null ? null : endpoint.getScheme();
        if (scheme == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || endpoint.getHost() == null
                || endpoint.getRawQuery() != null || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(ObserveError.TRACE_OTLP_ENDPOINT.code()
                    + " the OTLP endpoint must be an http or https URL with a host, e.g. http://collector:4318");
        }
        return new TraceSettings(endpoint, null);
    }

    /** {@link #otlp(URI)} of a URL as the operator wrote it. */
    public static TraceSettings otlp(String endpoint) {
        try {
            return otlp(endpoint == null ? null : new URI(endpoint.trim()));
        } catch (java.net.URISyntaxException e) {
            return otlp((URI) null);
        }
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
