package eu.eevidence.gw.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Locale;

/**
 * One node's meters (ADR-0027): a Micrometer registry in the Prometheus format, with the JVM's meters bound at start.
 * Every feature records into {@link #registry()}; {@code /api/v1/metrics/prometheus} serves {@link #scrape}. Labels are
 * bounded by construction: route templates, statuses, roles, configured destination and rule ids; never a request id,
 * a path as sent or anything about a person. Building it costs a few milliseconds (no thread, no I/O).
 */
public final class NodeMetrics implements AutoCloseable {

    /** The Prometheus text format 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, served when the scraper's Accept asks for it. */
    public static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Buckets (seconds) of the latency histograms: a few, so that each route and destination stays cheap. */
    public static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    public NodeMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A scrape in the format the {@code Accept} header asks for (OpenMetrics if it names it, else Prometheus text). */
    public Scrape scrape(String accept) {
        String type = wantsOpenMetrics(accept) ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return new Scrape(type, registry.scrape(type));
    }

    static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
    }

    /** @param contentType the media type to answer with; {@code text} the exposition */
    public record Scrape(String contentType, String text) {
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
