package eu.eevidence.gw.gateway.node;

import com.zaxxer.hikari.HikariDataSource;
import eu.eevidence.gw.gateway.delivery.CircuitBreaker;
import eu.eevidence.gw.gateway.delivery.DeliveryService;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.observe.NodeMetrics;
import eu.eevidence.gw.gateway.tracking.ComplianceMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters the node reads from its parts when scraped (ADR-0027): the database pool (HikariCP's own meters), the
 * broker's queues ({@code eeg_broker_queue_messages}, {@code _scheduled}, {@code eeg_broker_queue_added_total},
 * {@code eeg_broker_queue_dead_lettered_total} per queue: one per destination plus the dead-letter and expiry queues),
 * the circuit of each destination and lane ({@code eeg_delivery_circuit_state{lane="ordinary"|"emergency"}}: 0 closed,
 * 1 half-open, 2 open) and the
 * compliance figures. {@link #refresh} registers the meters of queues and circuits that appeared since the last scrape.
 */
final class NodeMeters {

    private final MeterRegistry meters;
    private final EmbeddedBroker broker;
    private final DeliveryService delivery;
    private final DeliveryService emergency;
    private final ComplianceMeters compliance;

    /** {@code delivery}: the ordinary lane; {@code emergency}: the emergency lane's delivery (ADR-0031). */
    NodeMeters(NodeMetrics metrics, Database db, EmbeddedBroker broker, DeliveryService delivery, DeliveryService emergency,
               ComplianceMeters compliance) {
        this.meters = metrics.registry();
        this.broker = broker;
        this.delivery = delivery;
        this.emergency = emergency;
        this.compliance = compliance;
        if (db.dataSource() instanceof HikariDataSource pool) {
            pool.setMetricRegistry(meters); // hikaricp_connections_* per pool
        }
    }

    /** Before a scrape: new queues and circuits get their meters; the compliance figures are read again. */
    void refresh() throws Exception {
        for (String queue : broker.queueNames()) {
            if (!queue.startsWith("gw.")) {
                continue; // the broker's own queues (notifications, management)
            }
            Gauge.builder("eeg.broker.queue.messages", broker, b -> b.messageCount(queue)).tag("queue", queue)
                    .description("Messages in a broker queue (the dead-letter queue is gw.dlq)").register(meters);
            Gauge.builder("eeg.broker.queue.scheduled", broker, b -> b.scheduledCount(queue)).tag("queue", queue)
                    .description("Messages of a queue waiting for their retry time").register(meters);
            FunctionCounter.builder("eeg.broker.queue.added", broker, b -> b.addedAndKilled(queue)[0]).tag("queue", queue)
                    .description("Messages added to a queue since the broker started").register(meters);
            FunctionCounter.builder("eeg.broker.queue.dead.lettered", broker, b -> b.addedAndKilled(queue)[1]).tag("queue", queue)
                    .description("Messages the broker moved from a queue to the dead-letter queue").register(meters);
        }
        circuits(delivery, "ordinary");
        circuits(emergency, "emergency");
        compliance.refresh();
    }

    /** One gauge per destination and lane (the lane tag has two values, so the meters stay bounded by the directory). */
    private void circuits(DeliveryService lane, String tag) {
        for (String id : lane.breakers().byDestination().keySet()) {
            Gauge.builder("eeg.delivery.circuit.state", lane, d -> stateValue(d.breakers().forDestination(id).state()))
                    .tag("destination", id).tag("lane", tag)
                    .description("Circuit breaker per destination and lane: 0 closed, 1 half-open, 2 open").register(meters);
        }
    }

    static int stateValue(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
