package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.sim.world.World.Country;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

/**
 * Pacing of the virtual clock against the nodes' wall-time work: each step ticks every node's deadline engine, then
 * waits (bounded) until nothing waits for delivery to a healthy portal; at the end the deliveries are drained.
 */
final class StepPacing {

    private final World w;

    StepPacing(World w) {
        this.w = w;
    }

    void tickDeadlines() throws Exception {
        for (Country c : w.countries.values()) {
            GatewayNode n = c.node;
            if (n != null) {
                n.deadlines().tick();
            }
        }
    }

    /** Requests waiting for delivery to {@code platform} (null: to any healthy platform) over every running node. */
    int backlog(String platform) throws Exception {
        int total = 0;
        for (Country c : w.countries.values()) {
            GatewayNode n = c.node;
            if (n == null) {
                continue;
            }
            total += n.requests().database().read(conn -> {
                try (PreparedStatement ps = conn.connection().prepareStatement(
                        "SELECT platform_id, COUNT(*) FROM request WHERE state IN ('ACCEPTED','DISPATCHED') GROUP BY platform_id");
                     ResultSet rs = ps.executeQuery()) {
                    int sum = 0;
                    while (rs.next()) {
                        String p = rs.getString(1);
                        if (platform != null ? p.equals(platform) : !w.down.contains(p) && !w.slow.contains(p)) {
                            sum += rs.getInt(2);
                        }
                    }
                    return sum;
                }
            });
        }
        return total;
    }

    void settle(long maxMillis) throws Exception {
        long until = System.nanoTime() + maxMillis * 1_000_000;
        long pause = 5;
        while (backlog(null) > 0 && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(pause); // wall pacing of the virtual clock, not a test wait
            pause = Math.min(pause * 2, 100);
        }
    }

    /** After the traffic: deliveries to healthy portals, at most {@code drainSeconds} wall. */
    void drain() throws Exception {
        w.out.printf("  traffic over at day %.1f; draining deliveries (at most %d s wall)%n", w.nowHours / 24, w.s.drainSeconds());
        long until = System.nanoTime() + w.s.drainSeconds() * 1_000_000_000L;
        while (System.nanoTime() < until) {
            settle(1000);
            if (backlog(null) == 0) {
                break;
            }
        }
    }
}
