package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test double of the gateway's store: remembers accepted envelopes. */
final class InMemoryCorrelationLookup implements CorrelationLookup {
    private final Map<String, MessageType> types = new HashMap<>();
    private final List<Envelope> all = new ArrayList<>();

    InMemoryCorrelationLookup add(Envelope envelope) {
        types.put(envelope.messageId(), envelope.messageType());
        all.add(envelope);
        return this;
    }

    @Override
    public Optional<MessageType> typeOf(String messageId) {
        return Optional.ofNullable(types.get(messageId));
    }

    @Override
    public long countCorrelated(String messageId, MessageType type) {
        return all.stream().filter(e -> messageId.equals(e.correlationId()) && e.messageType() == type).count();
    }
}
