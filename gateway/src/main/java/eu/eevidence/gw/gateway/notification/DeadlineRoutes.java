package eu.eevidence.gw.gateway.notification;

import org.apache.camel.builder.RouteBuilder;

/** Thin: fired deadline alarms go to the durable broker topic that notification adapters subscribe to. */
public final class DeadlineRoutes extends RouteBuilder {

    public static final String PUBLISH = "direct:deadline-event";
    public static final String TOPIC = "gw.deadline.events";

    @Override
    public void configure() {
        from(PUBLISH).routeId("deadline-events")
                .to("jmsout:topic:" + TOPIC + "?deliveryPersistent=true");
    }
}
