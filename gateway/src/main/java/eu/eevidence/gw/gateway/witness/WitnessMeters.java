package eu.eevidence.gw.gateway.witness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;

/**
 * The witnessing of the node's custody log as meters (ADR-0027), read when scraped, without labels:
 * {@code eeg_custody_cosignatures} (verified witness cosignatures the last cosigning round got on the served
 * checkpoint), {@code eeg_custody_cosignature_threshold} (how many the policy asks, 0 without witnesses) and
 * {@code eeg_custody_cosigned_age_seconds} (since a round last met the threshold; -1 if none has). Registered also on
 * a node without peers or witnesses (values 0, 0, -1), so that the alert rules always find them.
 */
public final class WitnessMeters {

    private final Cosigner cosigner;
    private final Clock clock;

    private WitnessMeters(Cosigner cosigner, Clock clock) {
        this.cosigner = cosigner;
        this.clock = clock;
    }

    /** @param cosigner the node's cosigner, null when the node has no peers (nothing witnessed) */
    public static void register(Cosigner cosigner, Clock clock, MeterRegistry meters) {
        WitnessMeters m = new WitnessMeters(cosigner, clock);
        Gauge.builder("eeg.custody.cosignatures", m, WitnessMeters::cosignatures).strongReference(true)
                .description("Witness cosignatures on the served custody checkpoint (last cosigning round)").register(meters);
        Gauge.builder("eeg.custody.cosignature.threshold", m, WitnessMeters::threshold).strongReference(true)
                .description("Witness cosignatures the policy asks for (0: no witnesses)").register(meters);
        Gauge.builder("eeg.custody.cosigned.age", m, WitnessMeters::cosignedAgeSeconds).strongReference(true).baseUnit("seconds")
                .description("Time since a custody checkpoint last met the witness policy (-1: never)").register(meters);
    }

    double cosignatures() {
        return cosigner == null ? 0 : cosigner.lastRound().map(Cosigner.Round::cosignatures).orElse(0L);
    }

    double threshold() {
        return cosigner == null ? 0 : cosigner.threshold();
    }

    double cosignedAgeSeconds() {
        if (cosigner == null) {
            return -1;
        }
        return cosigner.lastSatisfiedAt().map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0)).orElse(-1.0);
    }
}
