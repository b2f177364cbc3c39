package eu.eevidence.gw.gateway.alert;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One subscription of the alarms configuration: a desk and a role, the kinds it wants (by default those of its role,
 * {@link Alarm.To}), and the one channel that reaches it. {@code desk} is a desk's certificate fingerprint (SHA-256,
 * hex), {@link Alarm.Subject#CASES_DESK} or {@code *} for every desk.
 */
public record Subscriber(String id, String desk, Alarm.Role role, Set<String> kinds, Channel channel) {

    public static final String ANY_DESK = "*";

    public Subscriber {
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    }

    /** Where a subscriber's alarms go. */
    public sealed interface Channel permits Mail, Webhook {
    }

    /** E-mail to one address, through the configuration's SMTP server. */
    public record Mail(String address) implements Channel {
    }

    /**
     * A webhook: HTTPS POST of a CloudEvent, signed with the subscriber's secret (Standard Webhooks). {@code trust} is a
     * PEM file of CA certificates for the receiver's TLS certificate (null: the JDK's default trust).
     */
    public record Webhook(URI url, byte[] secret, Path trust) implements Channel {
        @Override
        public String toString() {
            return "Webhook[" + url + "]"; // never the secret
        }
    }

    /** Whether this subscription takes {@code alarm}: its desk (or any), and its kinds (or its role's). */
    public boolean wants(Alarm alarm) {
        boolean desked = ANY_DESK.equals(desk) || desk.equalsIgnoreCase(String.valueOf(alarm.about().desk()));
        if (!desked) {
            return false;
        }
        return kinds.isEmpty() ? alarm.roles().contains(role) : kinds.contains(alarm.kind());
    }

    /** The channel's name as stored with each delivery. */
    public String channelName() {
        return channel instanceof Mail ? "MAIL" : "WEBHOOK";
    }

    static List<String> channels() {
        return List.of("email", "webhook");
    }
}
