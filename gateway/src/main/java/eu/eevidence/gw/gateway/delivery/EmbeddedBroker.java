package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.routing.DeliveryQueues;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's embedded Apache Artemis broker: persistent journal under {@code dataDir/broker}, reachable only
 * in-VM (no network acceptor), with the delivery feature's retry policy: back-off from
 * {@link RetryPolicy#initialDelay()} doubling up to {@link RetryPolicy#maxDelay()}, then the dead-letter queue
 * after {@link RetryPolicy#maxAttempts()} attempts. Duplicate detection by {@code _AMQ_DUPL_ID} is on.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final AtomicInteger IN_VM_IDS = new AtomicInteger(100);

    private final EmbeddedActiveMQ server;
    private final int inVmId;

    /** Retry policy of the delivery queues. */
    public record RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {
        public static RetryPolicy defaults() {
            return new RetryPolicy(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5), 12);
        }
    }

    private EmbeddedBroker(EmbeddedActiveMQ server, int inVmId) {
        this.server = server;
        this.inVmId = inVmId;
    }

    public static EmbeddedBroker start(Path dataDir, RetryPolicy retry) throws Exception {
        int id = IN_VM_IDS.incrementAndGet();
        Path dir = dataDir.resolve("broker");
        Configuration config = new ConfigurationImpl()
                .setName("eeg-broker")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setJournalSyncTransactional(true)
                .setJournalSyncNonTransactional(true)
                .setPersistIDCache(true)
                .setIDCacheSize(100_000)
                .setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("in-vm", "vm://" + id);
        AddressSettings delivery = new AddressSettings()
                .setRedeliveryDelay(retry.initialDelay().toMillis())
                .setRedeliveryMultiplier(retry.multiplier())
                .setMaxRedeliveryDelay(retry.maxDelay().toMillis())
                .setMaxDeliveryAttempts(retry.maxAttempts())
                .setDeadLetterAddress(SimpleString.of(DeliveryQueues.DEAD_LETTER))
                .setExpiryAddress(SimpleString.of(DeliveryQueues.EXPIRY))
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false);
        config.addAddressSetting(DeliveryQueues.PREFIX + "#", delivery);
        config.addAddressSetting(DeliveryQueues.EMERGENCY_PREFIX + "#", delivery); // ADR-0031: the emergency lane, same rollback policy
        AddressSettings other = new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setMaxDeliveryAttempts(-1)
                .setDeadLetterAddress(SimpleString.of(DeliveryQueues.DEAD_LETTER))
                .setExpiryAddress(SimpleString.of(DeliveryQueues.EXPIRY));
        config.addAddressSetting(DeliveryQueues.DEAD_LETTER, other);
        config.addAddressSetting(DeliveryQueues.EXPIRY, other);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        return new EmbeddedBroker(server, id);
    }

    /** A JMS connection factory on the in-VM acceptor; sends block until the journal has the message. */
    public ActiveMQConnectionFactory connectionFactory() {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://" + inVmId);
        cf.setBlockOnDurableSend(true);
        cf.setBlockOnNonDurableSend(true);
        cf.setReconnectAttempts(-1);
        // a queue looked up once per session, not with a round trip to the broker before every send (ADR-0035)
        cf.setCacheDestinations(true);
        return cf;
    }

    /**
     * As {@link #connectionFactory()}, with no consumer buffer (consumer window size 0, Artemis documentation "Flow
     * Control", slow consumers): a consumer busy with a slow call holds no further message in its buffer, so a waiting
     * consumer takes the next one at once. For the emergency lane (ADR-0031).
     */
    public ActiveMQConnectionFactory unbufferedConnectionFactory() {
        ActiveMQConnectionFactory cf = connectionFactory();
        cf.setConsumerWindowSize(0);
        return cf;
    }

    public boolean isActive() {
        return server.getActiveMQServer() != null && server.getActiveMQServer().isActive();
    }

    /** Messages currently in a queue (0 when the queue does not exist). */
    public long messageCount(String queue) {
        var q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** The names of the broker's queues (for metrics), sorted. */
    public java.util.List<String> queueNames() {
        return server.getActiveMQServer().getPostOffice().getAllBindings()
                .filter(b -> b instanceof org.apache.activemq.artemis.core.postoffice.QueueBinding)
                .map(b -> ((org.apache.activemq.artemis.core.postoffice.QueueBinding) b).getQueue().getName().toString()).sorted().toList();
    }

    /** Messages ever added to a queue since the broker started, and those it killed (sent to the dead-letter address). */
    public long[] addedAndKilled(String queue) {
        var q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? new long[] {0, 0} : new long[] {q.getMessagesAdded(), q.getMessagesKilled()};
    }

    /** Messages of a queue waiting for a scheduled (retry) time. */
    public long scheduledCount(String queue) {
        var q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getScheduledCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
