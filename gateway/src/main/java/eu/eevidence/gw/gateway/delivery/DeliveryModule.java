package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.infra.Shutdown;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineEvents;
import eu.eevidence.gw.gateway.deadline.DeadlineNotifier;
import eu.eevidence.gw.gateway.notification.DeadlineRoutes;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.DeliveryQueues;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.jms.connection.CachingConnectionFactory;

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
            MeterRegistry meters) {
        public Needs(RequestRepository requests, CustodyRecorder custody, LifecycleListener lifecycle, Clock clock, MeterRegistry meters) {
            this(requests, custody, lifecycle, clock, AlarmLog.NONE, meters);
        }
    }

    private final DefaultCamelContext camel;
    private final ProducerTemplate producer;
    private final DeliveryService delivery;
    private final List<AutoCloseable> started;

    /**
     * @param directory the destinations by id; {@code adapters} the installed adapters
     * @param handlers  where network sends and manual hand-offs go, and the delivery keys of peer nodes
     */
    public DeliveryModule(EmbeddedBroker broker, PlatformRoutes directory, AdapterRegistry adapters, DeliveryPolicy policy,
                          DeliveryService.Handlers handlers, Needs needs) throws Exception {
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("evidence-gateway");
        // Camel's route meters (camel_exchanges_*) on the node's registry; route ids are per destination, a bounded set
        camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, needs.meters());
        MicrometerRoutePolicyFactory routeMeters = new MicrometerRoutePolicyFactory();
        routeMeters.setMeterRegistry(needs.meters());
        camel.addRoutePolicyFactory(routeMeters);
        camel.addComponent("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
        CachingConnectionFactory producerCf = new CachingConnectionFactory(broker.connectionFactory());
        producerCf.setSessionCacheSize(8);
        camel.addComponent("jmsout", JmsComponent.jmsComponent(producerCf));
        delivery = new DeliveryService(needs.requests(), directory, adapters, needs.clock(), needs.lifecycle(), needs.custody(), policy,
                new DeliveryService.Parts(new DeliveryMetrics(needs.meters()), () -> ThreadLocalRandom.current().nextDouble(), handlers,
                        needs.alarms()));
        camel.addRoutes(new DeliveryRoutes(directory, delivery));
        camel.addRoutes(new DeadlineRoutes());
        camel.start();
        producer = camel.createProducerTemplate();
        started = List.of(camel, producerCf::destroy, producer);
    }

    /** Queues {@code message} for {@code destinationId}; returns once the broker stored it (the body is also the duplicate id). */
    public void enqueue(String destinationId, QueuedMessage message) {
        String body = QueuedMessageCodec.encode(message);
        producer.sendBodyAndHeaders(DeliveryRoutes.ENQUEUE, body, Map.of(
                DeliveryRoutes.HEADER_QUEUE, DeliveryQueues.queueFor(destinationId),
                DeliveryRoutes.HEADER_DUPLICATE_ID, body));
    }

    /** Publishes deadline events on their topic, the duplicate id as the broker's duplicate-detection id. */
    public DeadlineNotifier deadlineNotifier() {
        return (event, duplicateId) -> producer.sendBodyAndHeaders(DeadlineRoutes.PUBLISH, DeadlineEvents.json(event),
                Map.of(DeliveryRoutes.HEADER_DUPLICATE_ID, duplicateId));
    }

    /** Starts the delivery route of a destination added after start (a directory version). */
    public void addDestination(String destinationId) throws Exception {
        DeliveryRoutes.addDestination(camel, destinationId, delivery);
    }

    public DeliveryService delivery() {
        return delivery;
    }

    public CamelContext camel() {
        return camel;
    }

    @Override
    public void close() {
        Shutdown.inReverse(started);
    }
}
