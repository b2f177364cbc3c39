package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.OutboundTrace;
import eu.eevidence.gw.gateway.observe.LogContext;
import eu.eevidence.gw.gateway.observe.NodeTracing;
import eu.eevidence.gw.gateway.routing.DeliveryQueues;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;

import java.time.Duration;

/**
 * The delivery feature's routes. Thin: each consumes a durable queue in a broker transaction and calls
 * {@link DeliveryService}. When it answers {@link DeliveryService.Next.Retry}, the route sends the message again to
 * the same queue as a scheduled message ({@value #HEADER_SCHEDULED_DELIVERY}) on the consumer's own transacted
 * session: the acknowledgement of the message in hand and the send of its successor commit together (no duplicate id
 * on the successor: a duplicate inside a transaction would make the broker drop the whole transaction). Any exception
 * rolls the message back: the broker's own redelivery (back-off, then the dead-letter queue) covers only that case.
 * Bodies are read and written by {@link QueuedMessageCodec} only; an unreadable one ({@link QueuedMessage.Unknown}) is
 * moved to the dead-letter queue as it is, in the same transaction ({@link DeliveryService.Next.DeadLetter}).
 * See docs/adr/0009-scheduled-retries-and-circuit-breaker.md.
 * <ul>
 *   <li>{@code enqueue}: persistent send to the destination's queue, with the encoded message as duplicate id;</li>
 *   <li>{@code deliver-<platform>}: one route per destination queue;</li>
 *   <li>{@code emergency-<platform>}: one route per destination's emergency queue, with consumers of its own that
 *       are always listening (ADR-0031), so that an emergency never waits behind the ordinary backlog;</li>
 *   <li>{@code dead-letter}: marks requests whose messages reached the dead-letter queue as failed.</li>
 * </ul>
 */
public final class DeliveryRoutes extends RouteBuilder {

    public static final String ENQUEUE = "direct:enqueue";
    /** The JMS component whose consumers buffer no message (the emergency lane, ADR-0031). */
    public static final String UNBUFFERED = "jmsnow";
    public static final String HEADER_QUEUE = "eegQueue";
    public static final String HEADER_DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis: earliest delivery time of a message, epoch milliseconds of the broker's (wall) clock. */
    public static final String HEADER_SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    /** A rolled-back attempt is expected and already logged by {@link DeliveryService} with its code. */
    private static final String QUIET = "&errorHandlerLoggingLevel=DEBUG&errorHandlerLogStackTrace=false";
    /**
     * Consumers in a local transaction of their own JMS session (no Spring JmsTransactionManager: with one, every receive
     * opened a new connection, session and consumer, and the consumer's buffer was filled and returned each time; ADR-0035).
     * The acknowledgement, the rollback on an exception and a rescheduled successor stay in the one session transaction.
     */
    static final String LOCAL_TX = "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER";

    private final PlatformRoutes directory;
    private final Services services;
    private final NodeTracing tracing;

    /** The delivery of each lane: {@code ordinary} and {@code emergency} (ADR-0031: own policy, own circuit breakers). */
    public record Services(DeliveryService ordinary, DeliveryService emergency) {
        DeliveryService of(Lane lane) {
            return lane == Lane.EMERGENCY ? emergency : ordinary;
        }
    }

    public DeliveryRoutes(PlatformRoutes directory, Services services, NodeTracing tracing) {
        this.directory = directory;
        this.services = services;
        this.tracing = tracing;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from(ENQUEUE).routeId("enqueue")
                .toD("jmsout:queue:${header." + HEADER_QUEUE + "}?deliveryPersistent=true");

        for (Platform platform : directory.all()) {
            destination(this, platform.id(), services, tracing);
        }

        from("jms:queue:" + DeliveryQueues.DEAD_LETTER + LOCAL_TX + QUIET)
                .routeId("dead-letter")
                .process(exchange -> services.ordinary().deadLettered(QueuedMessageCodec.decode(exchange.getMessage().getBody(String.class))));
    }

    /** The routes consuming the queues of {@code platformId}: its ordinary queue and its emergency queue. */
    private static void destination(RouteBuilder builder, String platformId, Services services, NodeTracing tracing) {
        // up to 8 attempts in flight per destination (a portal call is mostly waiting); ADR-0035
        lane(builder, platformId, new Lanes(services.ordinary(), tracing), Lane.ORDINARY, "&concurrentConsumers=2&maxConcurrentConsumers=8");
        // two consumers always waiting (none is busy with a slow ordinary call), more under a burst of emergencies
        lane(builder, platformId, new Lanes(services.emergency(), tracing), Lane.EMERGENCY,
                "&concurrentConsumers=2&maxConcurrentConsumers=32&idleConsumerLimit=2");
    }

    private static void lane(RouteBuilder builder, String platformId, Lanes delivery, Lane lane, String consumers) {
        String queue = lane.queueFor(platformId);
        // no consumer buffer on either lane: a consumer busy with a portal call holds no message another one could take (ADR-0035)
        builder.from(UNBUFFERED + ":queue:" + queue + LOCAL_TX + consumers + QUIET)
                .routeId(lane == Lane.EMERGENCY ? emergencyRouteId(platformId) : routeId(platformId))
                .process(exchange -> attempt(exchange, queue, platformId, delivery.service(), delivery.tracing()));
    }

    /** A lane's delivery and the node's tracing. */
    private record Lanes(DeliveryService service, NodeTracing tracing) {
    }

    /** One delivery attempt in a span that continues the trace of the call that queued the message (ADR-0027). */
    private static void attempt(Exchange exchange, String queue, String platformId, DeliveryService service, NodeTracing tracing)
            throws Exception {
        QueuedMessage message = QueuedMessageCodec.decode(exchange.getMessage().getBody(String.class));
        String traceparent = exchange.getMessage().getHeader(NodeTracing.TRACEPARENT, String.class);
        Span span = tracing.start("eeg.delivery.attempt", SpanKind.CLIENT, NodeTracing.extract(traceparent))
                .setAttribute(NodeTracing.MESSAGE_TYPE, kindOf(message)).setAttribute(NodeTracing.DESTINATION, platformId);
        try (Scope ignored = span.makeCurrent(); OutboundTrace.Scope out = OutboundTrace.with(NodeTracing.currentTraceparent());
                LogContext.Scope log = LogContext.enterCurrentSpan(requestIdOf(message))) {
            DeliveryService.Next next = service.deliver(message);
            span.setAttribute(NodeTracing.OUTCOME, outcomeOf(next));
            if (next instanceof DeliveryService.Next.Retry retry) {
                reschedule(exchange, queue, QueuedMessageCodec.encode(message), retry.delay(), traceparent);
            } else if (next instanceof DeliveryService.Next.DeadLetter) {
                send(exchange, DeliveryQueues.DEAD_LETTER, QueuedMessageCodec.encode(message), null, traceparent);
            }
        } catch (Exception | Error e) {
            span.setAttribute(NodeTracing.OUTCOME, "error").setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The request id a queued message is about, for the log context (never a span attribute); null when not a request. */
    static String requestIdOf(QueuedMessage message) {
        return message instanceof QueuedMessage.RequestDelivery r ? r.requestId() : null;
    }

    /** The kind of a queued message, a fixed word (a span attribute: never its id). */
    static String kindOf(QueuedMessage message) {
        return message.accept(new QueuedMessage.Visitor<String, RuntimeException>() {
            @Override
            public String request(QueuedMessage.RequestDelivery m) {
                return "request";
            }

            @Override
            public String notice(QueuedMessage.NoticeDelivery m) {
                return "notice";
            }

            @Override
            public String network(QueuedMessage.NetworkSend m) {
                return "network";
            }

            @Override
            public String unknown(QueuedMessage.Unknown m) {
                return "unknown";
            }
        });
    }

    private static String outcomeOf(DeliveryService.Next next) {
        if (next instanceof DeliveryService.Next.Retry) {
            return "retry";
        }
        return next instanceof DeliveryService.Next.DeadLetter ? "dead-letter" : "done";
    }

    public static String routeId(String platformId) {
        return "deliver-" + platformId;
    }

    public static String emergencyRouteId(String platformId) {
        return "emergency-" + platformId;
    }

    /**
     * dir: starts the route of a destination added while the node runs (a network directory update); nothing when it
     * exists already (a platform removed and added again keeps its route: a removed platform's queue is still consumed,
     * so that requests accepted before the removal end per the delivery policy).
     *
     * @return true when a route was added
     */
    public static synchronized boolean addDestination(CamelContext camel, String platformId, Services services, NodeTracing tracing)
            throws Exception {
        if (camel.getRoute(routeId(platformId)) != null) {
            return false;
        }
        camel.addRoutes(new RouteBuilder(camel) {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                destination(this, platformId, services, tracing);
            }
        });
        return true;
    }

    /** Sends {@code body} to {@code queue} for delivery after {@code delay}, in the transaction of the consumed message. */
    static void reschedule(Exchange exchange, String queue, String body, Duration delay, String traceparent) throws JMSException {
        send(exchange, queue, body, System.currentTimeMillis() + Math.max(0, delay.toMillis()), traceparent);
    }

    /** Sends {@code body} to {@code queue} in the transaction of the consumed message; at {@code deliverAt} (epoch ms) unless null. */
    private static void send(Exchange exchange, String queue, String body, Long deliverAt, String traceparent) throws JMSException {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        Session session = in == null ? null : in.getJmsSession();
        if (session == null || !session.getTransacted()) {
            throw new IllegalStateException(DeliveryError.DLV_RESCHEDULE.code() + " no transacted session to reschedule on");
        }
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        try {
            TextMessage next = session.createTextMessage(body);
            if (deliverAt != null) {
                next.setLongProperty(HEADER_SCHEDULED_DELIVERY, deliverAt);
            }
            if (traceparent != null) {
                next.setStringProperty(NodeTracing.TRACEPARENT, traceparent);
            }
            producer.send(next, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0);
        } finally {
            producer.close();
        }
    }
}
