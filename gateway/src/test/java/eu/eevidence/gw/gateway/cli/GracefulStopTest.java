package eu.eevidence.gw.gateway.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulStopTest {

    @Test
    void aNodeThatDoesNotStopInTimeIsGivenUpOnAtTheBound() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();
        boolean stopped = GracefulStop.run(() -> never.await(), Duration.ofMillis(200), false);
        assertThat(stopped).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        never.countDown();
    }

    @Test
    void aNodeThatStopsReportsIt() {
        AtomicBoolean closed = new AtomicBoolean();
        assertThat(GracefulStop.run(() -> closed.set(true), Duration.ofSeconds(10), false)).isTrue();
        assertThat(closed).isTrue();
    }

    @Test
    void aFailureWhileStoppingStillEndsTheStop() {
        assertThat(GracefulStop.run(() -> {
            throw new IllegalStateException("broker already gone");
        }, Duration.ofSeconds(10), false)).isTrue();
    }
}
