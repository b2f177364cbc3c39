package eu.eevidence.gw.gateway.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the delivery feature since the node started (aggregates only: no request ids). */
public final class DeliveryMetrics {

    final LongAdder attempts = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder retriesScheduled = new LongAdder();
    final LongAdder heldByOpenCircuit = new LongAdder();
    final LongAdder operatorAlerts = new LongAdder();
    final LongAdder deadLetters = new LongAdder();

    /** Name (Prometheus style, without the {@code eeg_delivery_} prefix) to value, in a stable order. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("attempts_total", attempts.sum());
        m.put("delivered_total", delivered.sum());
        m.put("refused_total", refused.sum());
        m.put("retries_scheduled_total", retriesScheduled.sum());
        m.put("held_by_open_circuit_total", heldByOpenCircuit.sum());
        m.put("operator_alerts_total", operatorAlerts.sum());
        m.put("dead_letters_total", deadLetters.sum());
        return m;
    }
}
