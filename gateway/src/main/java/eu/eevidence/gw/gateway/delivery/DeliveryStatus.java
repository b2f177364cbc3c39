package eu.eevidence.gw.gateway.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The delivery feature's live state for {@code /api/v1/metrics/delivery} and the Prometheus text: circuits and counters. */
public final class DeliveryStatus {

    private final DeliveryService service;

    public DeliveryStatus(DeliveryService service) {
        this.service = service;
    }

    /** {@code {"circuits": [{"destination","state","consecutiveFailures","openUntil","timesOpened"}], "counters": {...}}}. */
    public Map<String, Object> json() {
        List<Map<String, Object>> circuits = new ArrayList<>();
        for (CircuitBreaker.Snapshot s : service.breakers().snapshots()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("destination", s.destination());
            c.put("state", s.state().name());
            c.put("consecutiveFailures", s.consecutiveFailures());
            c.put("openUntil", s.openUntil() == null ? null : s.openUntil().toString());
            c.put("timesOpened", s.timesOpened());
            circuits.add(c);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("circuits", circuits);
        body.put("counters", service.metrics().counters());
        return body;
    }

    /** Prometheus text lines: {@code eeg_delivery_circuit_state{destination=..}} (0 closed, 1 half-open, 2 open) and the counters. */
    public String prometheus() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP eeg_delivery_circuit_state Circuit breaker per destination: 0 closed, 1 half-open, 2 open.\n");
        b.append("# TYPE eeg_delivery_circuit_state gauge\n");
        for (CircuitBreaker.Snapshot s : service.breakers().snapshots()) {
            int v = s.state() == CircuitBreaker.State.CLOSED ? 0 : s.state() == CircuitBreaker.State.HALF_OPEN ? 1 : 2;
            b.append("eeg_delivery_circuit_state{destination=\"").append(s.destination().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"} ").append(v).append('\n');
        }
        for (Map.Entry<String, Long> e : service.metrics().counters().entrySet()) {
            b.append("# TYPE eeg_delivery_").append(e.getKey()).append(" counter\n");
            b.append("eeg_delivery_").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        return b.toString();
    }
}
