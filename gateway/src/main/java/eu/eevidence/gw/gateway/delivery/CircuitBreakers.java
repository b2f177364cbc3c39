package eu.eevidence.gw.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link CircuitBreaker} per destination, made on first use. */
public final class CircuitBreakers {

    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final DeliveryPolicy policy;
    private final Duration probeLease;
    private final String namePrefix;

    public CircuitBreakers(Clock clock, DeliveryPolicy policy, Duration probeLease) {
        this(clock, policy, probeLease, "");
    }

    /** With {@code namePrefix} before each destination in the breakers' names (log lines, metrics), e.g. {@code emergency:}. */
    public CircuitBreakers(Clock clock, DeliveryPolicy policy, Duration probeLease, String namePrefix) {
        this.clock = clock;
        this.policy = policy;
        this.probeLease = probeLease;
        this.namePrefix = namePrefix;
    }

    public CircuitBreaker forDestination(String platformId) {
        return breakers.computeIfAbsent(platformId, id -> new CircuitBreaker(namePrefix + id, clock, policy.breakerThreshold(), policy.breakerOpen(),
                probeLease));
    }

    /** The snapshots keyed by the destination's plain id (without the name prefix), sorted. */
    public java.util.SortedMap<String, CircuitBreaker.Snapshot> byDestination() {
        java.util.SortedMap<String, CircuitBreaker.Snapshot> out = new java.util.TreeMap<>();
        breakers.forEach((id, b) -> out.put(id, b.snapshot()));
        return out;
    }

    public List<CircuitBreaker.Snapshot> snapshots() {
        return breakers.values().stream().map(CircuitBreaker::snapshot)
                .sorted(java.util.Comparator.comparing(CircuitBreaker.Snapshot::destination)).toList();
    }
}
