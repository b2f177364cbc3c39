package eu.eevidence.gw.sim.world;

import java.time.Instant;

/**
 * The channel for traffic addressed to another country (its 24/7 contact point or central authority) rather than to a
 * platform. Node-to-node exchange is built separately (package {@code eu.eevidence.gw.gateway.network}); until it is
 * plugged in here, {@link #notAvailable()} records such traffic as not exchanged. An implementation gets the sending
 * node's base URL and the receiving country's node base URL so that it can drive a real exchange between them.
 */
public interface CrossBorder {

    /** One message from a country's authority to another country. */
    record Message(String fromCountry, String toCountry, String instrument, boolean emergency, byte[] json, Instant virtualTime,
                   String fromNodeUrl, String toNodeUrl) {
    }

    /**
     * What happened to it: {@code exchanged} true when the other node took it (then {@code reference} is its id there),
     * else {@code reason} says why not.
     */
    record Outcome(boolean exchanged, String reference, String reason) {
        public static Outcome notExchanged(String reason) {
            return new Outcome(false, null, reason);
        }
    }

    Outcome send(Message message) throws Exception;

    /** A short name for the report. */
    String name();

    /**
     * The real 24/7 network: every node has the others as peers; a country-addressed request goes from the sender's
     * contact point to its node, over mutual TLS to the requested Party's node (signed receipts), where the world's
     * review desk decides the case. {@link WorldRunner} carries it out itself; this value only selects it.
     */
    static CrossBorder network() {
        return new CrossBorder() {
            @Override
            public Outcome send(Message message) {
                throw new UnsupportedOperationException("the network channel is driven by WorldRunner");
            }

            @Override
            public String name() {
                return "network";
            }
        };
    }

    /** No exchange: nothing is sent, the report counts it as "not exchanged". */
    static CrossBorder notAvailable() {
        return new CrossBorder() {
            @Override
            public Outcome send(Message message) {
                return Outcome.notExchanged("not exchanged (network not available)");
            }

            @Override
            public String name() {
                return "not-available";
            }
        };
    }
}
