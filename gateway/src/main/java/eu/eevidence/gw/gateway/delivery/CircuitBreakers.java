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

    public CircuitBreakers(Clock clock, DeliveryPolicy policy, Duration probeLease) {
        this.clock = clock;
        this.policy = policy;
        this.probeLease = probeLease;
    }

    public CircuitBreaker forDestination(String platformId) {
        return breakers.computeIfAbsent(platformId, id -> new CircuitBreaker(id, clock, policy.breakerThreshold(), policy.breakerOpen(), probeLease));
    }

    public List<CircuitBreaker.Snapshot> snapshots() {
        return breakers.values().stream().map(CircuitBreaker::snapshot)
                .sorted(java.util.Comparator.comparing(CircuitBreaker.Snapshot::destination)).toList();
    }
}
