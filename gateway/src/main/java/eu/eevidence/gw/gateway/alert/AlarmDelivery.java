package eu.eevidence.gw.gateway.alert;

import java.time.Instant;

/**
 * One delivery of an alarm to a subscriber, as operators see it: its state (PENDING, SENDING, SENT or FAILED, the
 * alarm-failed state), attempts and last error code; of the alarm only its kind and request id.
 */
public record AlarmDelivery(String subscriberId, String kind, String requestId, String state, int attempts, String batchId, Instant sentAt,
                            String lastError) {
}
