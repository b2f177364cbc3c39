package eu.eevidence.gw.gateway.delivery;

import org.apache.camel.builder.RouteBuilder;

/**
 * The delivery feature's routes. Thin: each consumes a durable queue in a broker transaction and calls
 * {@link DeliveryService}; a {@link RetryLaterException} (or any failure) rolls the message back so that the
 * broker redelivers it with back-off and dead-letters it after the bound.
 * <ul>
 *   <li>{@code enqueue}: persistent send to the destination's queue, with the request id as duplicate id;</li>
 *   <li>{@code deliver-<platform>}: one route per destination queue;</li>
 *   <li>{@code dead-letter}: marks requests whose messages reached the dead-letter queue as failed.</li>
 * </ul>
 */
public final class DeliveryRoutes extends RouteBuilder {

    public static final String ENQUEUE = "direct:enqueue";
    public static final String HEADER_QUEUE = "eegQueue";
    public static final String HEADER_DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** A rolled-back attempt is expected and already logged by {@link DeliveryService} with its code. */
    private static final String QUIET = "&errorHandlerLoggingLevel=DEBUG&errorHandlerLogStackTrace=false";

    private final PlatformDirectory directory;
    private final DeliveryService service;

    public DeliveryRoutes(PlatformDirectory directory, DeliveryService service) {
        this.directory = directory;
        this.service = service;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from(ENQUEUE).routeId("enqueue")
                .toD("jmsout:queue:${header." + HEADER_QUEUE + "}?deliveryPersistent=true");

        for (Platform platform : directory.all()) {
            from("jms:queue:" + platform.queueName() + "?transacted=true&cacheLevelName=CACHE_CONSUMER&concurrentConsumers=1&maxConcurrentConsumers=4" + QUIET)
                    .routeId("deliver-" + platform.id())
                    .process(exchange -> service.deliver(exchange.getMessage().getBody(String.class)));
        }

        from("jms:queue:" + DeliveryQueues.DEAD_LETTER + "?transacted=true&cacheLevelName=CACHE_CONSUMER" + QUIET)
                .routeId("dead-letter")
                .process(exchange -> service.deadLettered(exchange.getMessage().getBody(String.class)));
    }
}
