package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR-0031: the emergency lane's circuits are listed and scraped next to the ordinary ones, with their lane. */
class DeliveryStatusTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T23:00:00Z"), ZoneOffset.UTC);

    private static DeliveryService lane(DeliveryPolicy policy, String prefix) {
        return new DeliveryService(null, null, null, CLOCK, LifecycleListener.NONE, CustodyRecorder.NONE, policy,
                new DeliveryService.Parts(new DeliveryMetrics(), () -> 0.5, DeliveryService.Handlers.NONE,
                        eu.eevidence.gw.gateway.alert.AlarmLog.NONE, prefix));
    }

    @Test
    void withoutTheEmergencyLaneOnlyOrdinaryCircuitsAreListed() {
        DeliveryService ordinary = lane(DeliveryPolicy.defaults(), "");
        ordinary.breakers().forDestination("demo-platform");
        @SuppressWarnings("unchecked") List<Map<String, Object>> circuits = (List<Map<String, Object>>) new DeliveryStatus(ordinary).json().get("circuits");
        assertThat(circuits).hasSize(1);
        assertThat(circuits.get(0)).containsEntry("destination", "demo-platform").containsEntry("lane", "ORDINARY");
    }

    @Test
    void anOpenEmergencyCircuitIsListedWithItsLaneAndThePlainDestination() {
        DeliveryService ordinary = lane(DeliveryPolicy.defaults(), "");
        DeliveryService emergency = lane(DeliveryPolicy.emergencyDefaults(), "emergency:");
        ordinary.breakers().forDestination("demo-platform");
        CircuitBreaker e = emergency.breakers().forDestination("demo-platform");
        for (int i = 0; i < DeliveryPolicy.emergencyDefaults().breakerThreshold(); i++) {
            e.tryAcquire();
            e.onFailure(Duration.ofSeconds(1));
        }
        DeliveryStatus status = new DeliveryStatus(ordinary, emergency);
        @SuppressWarnings("unchecked") List<Map<String, Object>> circuits = (List<Map<String, Object>>) status.json().get("circuits");
        assertThat(circuits).hasSize(2);
        assertThat(circuits.get(0)).containsEntry("lane", "ORDINARY").containsEntry("state", "CLOSED");
        assertThat(circuits.get(1)).containsEntry("destination", "demo-platform").containsEntry("lane", "EMERGENCY")
                .containsEntry("state", "OPEN");
        assertThat(status.prometheus()).contains("eeg_delivery_circuit_state{destination=\"demo-platform\",lane=\"ordinary\"} 0")
                .contains("eeg_delivery_circuit_state{destination=\"demo-platform\",lane=\"emergency\"} 2");
        assertThat(emergency.breakers().byDestination()).containsOnlyKeys("demo-platform");
    }
}
