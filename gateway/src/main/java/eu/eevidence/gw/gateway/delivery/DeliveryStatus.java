package eu.eevidence.gw.gateway.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The delivery feature's live state for {@code /api/v1/metrics/delivery} and the Prometheus text: circuits and counters. */
public final class DeliveryStatus {

    private final DeliveryService service;
    private final DeliveryService emergency;

    public DeliveryStatus(DeliveryService service) {
        this(service, null);
    }

    /** With the emergency lane's delivery (ADR-0031), whose circuits are listed with {@code "lane": "EMERGENCY"}. */
    public DeliveryStatus(DeliveryService service, DeliveryService emergency) {
        this.service = service;
        this.emergency = emergency;
    }

    /** The circuits of each lane, keyed by the destination's plain id. */
    private Map<Lane, Map<String, CircuitBreaker.Snapshot>> lanes() {
        Map<Lane, Map<String, CircuitBreaker.Snapshot>> out = new java.util.EnumMap<>(Lane.class);
        out.put(Lane.ORDINARY, service.breakers().byDestination());
        if (emergency != null) {
            out.put(Lane.EMERGENCY, emergency.breakers().byDestination());
        }
        return out;
    }

    /**
     * {@code {"circuits": [{"destination","lane","state","consecutiveFailures","openUntil","timesOpened"}], "counters": {...}}};
     * the ordinary lane's circuits first, then the emergency lane's.
     */
    public Map<String, Object> json() {
        List<Map<String, Object>> circuits = new ArrayList<>();
        for (Map.Entry<Lane, Map<String, CircuitBreaker.Snapshot>> lane : lanes().entrySet()) {
            for (Map.Entry<String, CircuitBreaker.Snapshot> e : lane.getValue().entrySet()) {
                circuits.add(circuit(e.getKey(), lane.getKey(), e.getValue()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("circuits", circuits);
        body.put("counters", service.metrics().counters());
        return body;
    }

    private static Map<String, Object> circuit(String destination, Lane lane, CircuitBreaker.Snapshot s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("destination", destination);
        c.put("lane", lane.name());
        c.put("state", s.state().name());
        c.put("consecutiveFailures", s.consecutiveFailures());
        c.put("openUntil", s.openUntil() == null ? null : s.openUntil().toString());
        c.put("timesOpened", s.timesOpened());
        return c;
    }

    /**
     * Prometheus text lines: {@code eeg_delivery_circuit_state{destination=..,lane=ordinary|emergency}} (0 closed, 1 half-open,
     * 2 open) and the counters.
     */
    public String prometheus() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP eeg_delivery_circuit_state Circuit breaker per destination and lane: 0 closed, 1 half-open, 2 open.\n");
        b.append("# TYPE eeg_delivery_circuit_state gauge\n");
        for (Map.Entry<Lane, Map<String, CircuitBreaker.Snapshot>> lane : lanes().entrySet()) {
            for (Map.Entry<String, CircuitBreaker.Snapshot> e : lane.getValue().entrySet()) {
                CircuitBreaker.State st = e.getValue().state();
                int v = st == CircuitBreaker.State.CLOSED ? 0 : st == CircuitBreaker.State.HALF_OPEN ? 1 : 2;
                b.append("eeg_delivery_circuit_state{destination=\"").append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\",lane=\"").append(lane.getKey().name().toLowerCase(java.util.Locale.ROOT)).append("\"} ").append(v).append('\n');
            }
        }
        for (Map.Entry<String, Long> e : service.metrics().counters().entrySet()) {
            b.append("# TYPE eeg_delivery_").append(e.getKey()).append(" counter\n");
            b.append("eeg_delivery_").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        return b.toString();
    }
}
