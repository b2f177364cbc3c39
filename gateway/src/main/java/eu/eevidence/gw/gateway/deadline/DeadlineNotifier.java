package eu.eevidence.gw.gateway.deadline;

/** Where fired deadline alarms go (the node publishes them on the broker topic {@code gw.deadline.events}). */
@FunctionalInterface
public interface DeadlineNotifier {

    /**
     * Publishes one event. {@code duplicateId} is stable per alarm: a receiver (or the broker's duplicate
     * detection) drops a second publication of the same alarm after a crash between firing and marking it published.
     */
    void publish(DeadlineEvent event, String duplicateId) throws Exception;
}
