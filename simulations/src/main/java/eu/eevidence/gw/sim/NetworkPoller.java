package eu.eevidence.gw.sim;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.order.RequestState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads A's store every poll interval for {@link NetworkBenchmark}: when each request got its receipt, when it reached
 * the final state (a benchmark: the poll interval bounds the figures' resolution).
 */
final class NetworkPoller implements Runnable {

    /** What the run observes on A, written by the poller and the clients. */
    static final class Observed {
        final Map<String, Long> created = new ConcurrentHashMap<>();
        final Map<String, Long> delivered = new ConcurrentHashMap<>();
        final Map<String, Long> finished = new ConcurrentHashMap<>();
        final List<Double> submitMillis = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    }

    private final GatewayNode node;
    private final Observed seen;
    private final RequestState finalState;
    private final int pollMillis;
    volatile boolean stop;

    NetworkPoller(GatewayNode node, Observed seen, RequestState finalState, int pollMillis) {
        this.node = node;
        this.seen = seen;
        this.finalState = finalState;
        this.pollMillis = pollMillis;
    }

    @Override
    public void run() {
        while (!stop) {
            try {
                node.requests().database().read(c -> {
                    try (PreparedStatement ps = c.connection().prepareStatement("SELECT id, state FROM request WHERE receipt_id IS NOT NULL");
                         ResultSet rs = ps.executeQuery()) {
                        long now = System.nanoTime();
                        while (rs.next()) {
                            String id = rs.getString(1);
                            seen.delivered.putIfAbsent(id, now);
                            if (finalState.name().equals(rs.getString(2))) {
                                seen.finished.putIfAbsent(id, now);
                            }
                        }
                    }
                    return null;
                });
                TimeUnit.MILLISECONDS.sleep(pollMillis); // a benchmark: the poll interval bounds the resolution
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                System.err.println(SimError.BENCH_POLL.code() + " " + e.getMessage());
            }
        }
    }
}
