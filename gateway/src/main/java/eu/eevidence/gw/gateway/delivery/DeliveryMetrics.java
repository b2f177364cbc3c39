package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.observe.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the delivery feature since the node started (aggregates only: no request ids), also on the node's meter
 * registry as {@code eeg_delivery_*_total}, and the latency of each attempt per destination and outcome
 * ({@code eeg_delivery_attempt_seconds}; destinations are configured ids, a bounded set).
 */
public final class DeliveryMetrics {

    final LongAdder attempts = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder retriesScheduled = new LongAdder();
    final LongAdder heldByOpenCircuit = new LongAdder();
    final LongAdder operatorAlerts = new LongAdder();
    final LongAdder deadLetters = new LongAdder();

    private final MeterRegistry meters;

    /** Counters only (tests): the meters go to a registry nobody reads. */
    public DeliveryMetrics() {
        this(new CompositeMeterRegistry());
    }

    public DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
        Map<String, LongAdder> all = adders();
        all.forEach((name, adder) -> FunctionCounter.builder("eeg.delivery." + name.replace('_', '.'), adder, LongAdder::sum)
                .description("Delivery " + name.replace('_', ' ') + " since the node started").register(meters));
    }

    private Map<String, LongAdder> adders() {
        Map<String, LongAdder> m = new LinkedHashMap<>();
        m.put("attempts", attempts);
        m.put("delivered", delivered);
        m.put("refused", refused);
        m.put("retries_scheduled", retriesScheduled);
        m.put("held_by_open_circuit", heldByOpenCircuit);
        m.put("operator_alerts", operatorAlerts);
        m.put("dead_letters", deadLetters);
        return m;
    }

    /** Name (Prometheus style, without the {@code eeg_delivery_} prefix) to value, in a stable order. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        adders().forEach((name, adder) -> m.put(name + "_total", adder.sum()));
        return m;
    }

    /**
     * One attempt's latency: {@code kind} request or notice, {@code outcome} delivered, rejected, retryable or error.
     */
    void attempt(String destination, String kind, String outcome, long nanos) {
        Timer.builder("eeg.delivery.attempt").description("Delivery attempts to a platform or peer node, by outcome")
                .tags("destination", destination, "kind", kind, "outcome", outcome)
                .serviceLevelObjectives(NodeMetrics.LATENCY_BUCKETS).register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }
}
