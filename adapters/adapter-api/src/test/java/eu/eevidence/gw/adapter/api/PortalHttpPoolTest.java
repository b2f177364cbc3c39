package eu.eevidence.gw.adapter.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortalHttpPoolTest {

    @Test
    void poolThreadsAreNamedDaemonsAndTheirNumberIsBounded() throws Exception {
        ExecutorService pool = PortalHttp.boundedDaemonPool(2);
        try {
            java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.List<java.util.concurrent.Future<Boolean>> daemons = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                daemons.add(pool.submit(() -> {
                    names.add(Thread.currentThread().getName());
                    return Thread.currentThread().isDaemon();
                }));
            }
            for (var d : daemons) {
                assertTrue(d.get(10, TimeUnit.SECONDS));
            }
            assertTrue(names.size() <= 2, names::toString);
            assertTrue(names.stream().allMatch(n -> n.startsWith("portal-http-")), names::toString);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(true, pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
