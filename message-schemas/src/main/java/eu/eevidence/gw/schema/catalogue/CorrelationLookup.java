package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.MessageType;

import java.util.Optional;

/**
 * The gateway's view of earlier messages, used to check correlation ids and "only once" rules. The gateway
 * implements it against its database; tests use a map.
 */
public interface CorrelationLookup {

    /** The type of the earlier message with this message id, or empty when the node does not know it. */
    Optional<MessageType> typeOf(String messageId);

    /** How many earlier messages of {@code type} correlate with {@code messageId} (e.g. Annex VI extensions of one EPOC-PR). */
    long countCorrelated(String messageId, MessageType type);

    /** A lookup that knows no message: every correlationId is unknown. */
    static CorrelationLookup none() {
        return new CorrelationLookup() {
            @Override
            public Optional<MessageType> typeOf(String messageId) {
                return Optional.empty();
            }

            @Override
            public long countCorrelated(String messageId, MessageType type) {
                return 0;
            }
        };
    }
}
