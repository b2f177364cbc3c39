package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.infra.Shutdown;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineEvents;
import eu.eevidence.gw.gateway.deadline.DeadlineNotifier;
import eu.eevidence.gw.gateway.notification.DeadlineRoutes;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.jms.connection.CachingConnectionFactory;

import eu.eevidence.gw.gateway.observe.NodeTracing;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Camel with the JMS components of the embedded broker, delivery (scheduled retries, bounds and circuit breakers,
 * ADR-0009; manual hand-off, ADR-0011), its routes and the deadline events' route, and the producer that queues
 * messages ({@link #enqueue}) and publishes deadline events ({@link #deadlineNotifier}). Closing it stops the producer,
 * its connection factory and Camel, in that order.
 */
public final class DeliveryModule implements AutoCloseable {

    /** What delivery records into: the requests, the custody log, the order lifecycle (deadlines, cases), the clock, the alarms, the meters. */
    public record Needs(RequestRepository requests, CustodyRecorder custody, LifecycleListener lifecycle, Clock clock, AlarmLog alarms,
            MeterRegistry meters, NodeTracing tracing) {
        public Needs(RequestRepository requests, CustodyRecorder custody, LifecycleListener lifecycle, Clock clock, AlarmLog alarms,
                MeterRegistry meters) {
            this(requests, custody, lifecycle, clock, alarms, meters, NodeTracing.off());
        }

        public Needs(RequestRepository requests, CustodyRecorder custody, LifecycleListener lifecycle, Clock clock, MeterRegistry meters) {
            this(requests, custody, lifecycle, clock, AlarmLog.NONE, meters);
        }
    }

    private final DefaultCamelContext camel;
    private final ProducerTemplate producer;
    private final DeliveryService delivery;
    private final NodeTracing tracing;
    private final DeliveryRoutes.Services lanes;
    private final List<AutoCloseable> started;

    /**
     * @param directory the destinations by id; {@code adapters} the installed adapters
     * @param handlers  where network sends and manual hand-offs go, and the delivery keys of peer nodes
     */
    public DeliveryModule(EmbeddedBroker broker, PlatformRoutes directory, AdapterRegistry adapters, DeliveryPolicy policy,
                          DeliveryService.Handlers handlers, Needs needs) throws Exception {
        tracing = needs.tracing();
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("evidence-gateway");
        // Camel's route meters (camel_exchanges_*) on the node's registry; route ids are per destination, a bounded set
        camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, needs.meters());
        MicrometerRoutePolicyFactory routeMeters = new MicrometerRoutePolicyFactory();
        routeMeters.setMeterRegistry(needs.meters());
        camel.addRoutePolicyFactory(routeMeters);
        camel.addComponent("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
        camel.addComponent(DeliveryRoutes.UNBUFFERED, JmsComponent.jmsComponent(broker.unbufferedConnectionFactory()));
        CachingConnectionFactory producerCf = new CachingConnectionFactory(broker.connectionFactory());
        producerCf.setSessionCacheSize(8);
        camel.addComponent("jmsout", JmsComponent.jmsComponent(producerCf));
        DeliveryMetrics metrics = new DeliveryMetrics(needs.meters());
        delivery = new DeliveryService(needs.requests(), directory, adapters, needs.clock(), needs.lifecycle(), needs.custody(), policy,
                new DeliveryService.Parts(metrics, () -> ThreadLocalRandom.current().nextDouble(), handlers, needs.alarms()));
        // ADR-0031: the emergency lane's delivery, its own retry schedule and circuit breakers, the same metrics and alarms
        DeliveryService emergency = new DeliveryService(needs.requests(), directory, adapters, needs.clock(), needs.lifecycle(), needs.custody(),
                DeliveryPolicy.emergencyDefaults(), new DeliveryService.Parts(metrics, () -> ThreadLocalRandom.current().nextDouble(), handlers,
                needs.alarms(), "emergency:"));
        lanes = new DeliveryRoutes.Services(delivery, emergency);
        camel.addRoutes(new DeliveryRoutes(directory, lanes, needs.tracing()));
        camel.addRoutes(new DeadlineRoutes());
        camel.start();
        producer = camel.createProducerTemplate();
        started = List.of(camel, producerCf::destroy, producer);
    }

    /** Queues {@code message} for {@code destinationId}; returns once the broker stored it (the body is also the duplicate id). */
    public void enqueue(String destinationId, QueuedMessage message) {
        enqueue(destinationId, message, Lane.ORDINARY);
    }

    /**
     * Queues {@code message} for {@code destinationId} on {@code lane} (ADR-0031). The duplicate id is the body on the
     * ordinary lane, as before, and the body with an {@code emergency/} prefix on the emergency lane (duplicate
     * detection is per address, the prefix only keeps the two lanes' ids apart in the shared id cache).
     */
    public void enqueue(String destinationId, QueuedMessage message, Lane lane) {
        String body = QueuedMessageCodec.encode(message);
        Map<String, Object> headers = new java.util.HashMap<>(Map.of(
                DeliveryRoutes.HEADER_QUEUE, lane.queueFor(destinationId),
                DeliveryRoutes.HEADER_DUPLICATE_ID, lane == Lane.EMERGENCY ? "emergency/" + body : body));
        // the trace of the call that queued it (intake, an inbound network message): the delivery attempt continues it
        String traceparent = NodeTracing.currentTraceparent();
        if (traceparent != null) {
            headers.put(NodeTracing.TRACEPARENT, traceparent);
        }
        producer.sendBodyAndHeaders(DeliveryRoutes.ENQUEUE, body, headers);
    }

    /** Publishes deadline events on their topic, the duplicate id as the broker's duplicate-detection id. */
    public DeadlineNotifier deadlineNotifier() {
        return (event, duplicateId) -> producer.sendBodyAndHeaders(DeadlineRoutes.PUBLISH, DeadlineEvents.json(event),
                Map.of(DeliveryRoutes.HEADER_DUPLICATE_ID, duplicateId));
    }

    /** Starts the delivery route of a destination added after start (a directory version). */
    public void addDestination(String destinationId) throws Exception {
        DeliveryRoutes.addDestination(camel, destinationId, lanes, tracing);
    }

    public DeliveryService delivery() {
        return delivery;
    }

    /** The emergency lane's delivery (ADR-0031): its policy and circuit breakers. */
    public DeliveryService emergencyDelivery() {
        return lanes.emergency();
    }

    public CamelContext camel() {
        return camel;
    }

    @Override
    public void close() {
        Shutdown.inReverse(started);
    }
}
