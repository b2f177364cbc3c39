package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetch job's state machine: classification of outcomes, back-off with jitter, bounds (ADR-0017). */
class EvidenceTransferPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    /** 1 s doubling up to 8 s, +-20 %, 4 failed attempts or 1 h. */
    private final FetchPolicy policy = new FetchPolicy(new DeliveryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 0.2, 4, Duration.ofHours(1),
            Duration.ofMinutes(1), 5, Duration.ofSeconds(30)));

    @Test
    void aWrongSignerOrAContentThatIsNotTheDeclaredOneIsFinal() {
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-FETCH", TransferCodes.SIGNER, false)).isEqualTo(FetchPolicy.Kind.FINAL);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-DIGEST", null, false)).isEqualTo(FetchPolicy.Kind.FINAL);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-SIZE", null, false)).isEqualTo(FetchPolicy.Kind.FINAL);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-ITEM-CONFLICT", null, false)).isEqualTo(FetchPolicy.Kind.FINAL);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-FETCH", TransferCodes.NOT_FOUND, false)).isEqualTo(FetchPolicy.Kind.FINAL);
        FetchPolicy.Next next = policy.after(FetchPolicy.Kind.FINAL, 0, 3, T0, T0.plusSeconds(5), TransferCodes.SIGNER, "signed by someone else", null, 0.5);
        assertThat(next.state()).isEqualTo(FetchPolicy.State.FAILED);
        assertThat(next.code()).isEqualTo(TransferCodes.SIGNER);
        assertThat(next.attempts()).isEqualTo(1);
    }

    @Test
    void aCutStreamANetworkFailureOrAStoreProblemIsRetried() {
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-FETCH", TransferCodes.UNREADABLE, true)).isEqualTo(FetchPolicy.Kind.RETRYABLE);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-FETCH", TransferCodes.IO, true)).isEqualTo(FetchPolicy.Kind.RETRYABLE);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-STORE", null, false)).isEqualTo(FetchPolicy.Kind.RETRYABLE);
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-FETCH", "EEG-XFER-HTTP-503", true)).isEqualTo(FetchPolicy.Kind.RETRYABLE);
    }

    @Test
    void notYetIsAWaitAndStoredOrDuplicateEndsTheJob() {
        assertThat(FetchPolicy.classify("refused", "EEG-EVD-FETCH", TransferCodes.NOT_YET, true)).isEqualTo(FetchPolicy.Kind.NOT_YET);
        assertThat(FetchPolicy.classify("stored", null, null, false)).isEqualTo(FetchPolicy.Kind.STORED);
        assertThat(FetchPolicy.classify("stored (content already held)", null, null, false)).isEqualTo(FetchPolicy.Kind.STORED);
        assertThat(FetchPolicy.classify("duplicate", null, null, false)).isEqualTo(FetchPolicy.Kind.STORED);
        FetchPolicy.Next stored = policy.after(FetchPolicy.Kind.STORED, 2, 7, T0, T0.plusSeconds(30), null, null, null, 0.5);
        assertThat(stored.state()).isEqualTo(FetchPolicy.State.STORED);
        assertThat(stored.code()).isNull();
    }

    @Test
    void retriesBackOffExponentiallyWithJitterUpToTheCapThenGiveUpAfterMaxAttempts() {
        Instant now = T0.plusSeconds(1);
        FetchPolicy.Next first = policy.after(FetchPolicy.Kind.RETRYABLE, 0, 0, T0, now, TransferCodes.IO, "reset", null, 0.5);
        assertThat(first.state()).isEqualTo(FetchPolicy.State.PENDING);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(Duration.between(now, first.nextAttemptAt())).isEqualTo(Duration.ofSeconds(1)); // attempt 2: initial delay, no jitter at 0.5
        FetchPolicy.Next third = policy.after(FetchPolicy.Kind.RETRYABLE, 2, 0, T0, now, TransferCodes.IO, "reset", null, 0.5);
        assertThat(Duration.between(now, third.nextAttemptAt())).isEqualTo(Duration.ofSeconds(4));
        FetchPolicy.Next low = policy.after(FetchPolicy.Kind.RETRYABLE, 2, 0, T0, now, TransferCodes.IO, "reset", null, 0.0);
        FetchPolicy.Next high = policy.after(FetchPolicy.Kind.RETRYABLE, 2, 0, T0, now, TransferCodes.IO, "reset", null, 0.999);
        assertThat(Duration.between(now, low.nextAttemptAt())).isEqualTo(Duration.ofMillis(3200));
        assertThat(Duration.between(now, high.nextAttemptAt())).isBetween(Duration.ofMillis(4790), Duration.ofMillis(4800));
        FetchPolicy.Next retryAfter = policy.after(FetchPolicy.Kind.RETRYABLE, 0, 0, T0, now, "EEG-XFER-HTTP-503", "busy", Duration.ofSeconds(30), 0.5);
        assertThat(Duration.between(now, retryAfter.nextAttemptAt())).isEqualTo(Duration.ofSeconds(30)); // the peer's Retry-After is honoured

        FetchPolicy.Next last = policy.after(FetchPolicy.Kind.RETRYABLE, 3, 0, T0, now, TransferCodes.IO, "reset", null, 0.5);
        assertThat(last.state()).isEqualTo(FetchPolicy.State.FAILED);
        assertThat(last.code()).isEqualTo(TransferCodes.GAVE_UP);
        assertThat(last.detail()).contains("4 failed attempts").contains(TransferCodes.IO);
    }

    @Test
    void notYetWaitsDoNotUseUpAttemptsOnlyTime() {
        Instant now = T0.plusSeconds(60);
        FetchPolicy.Next w = policy.after(FetchPolicy.Kind.NOT_YET, 3, 40, T0, now, TransferCodes.NOT_YET, "not yet", null, 0.5);
        assertThat(w.state()).isEqualTo(FetchPolicy.State.PENDING);
        assertThat(w.attempts()).isEqualTo(3);
        assertThat(w.waits()).isEqualTo(41);
        assertThat(Duration.between(now, w.nextAttemptAt())).isEqualTo(Duration.ofSeconds(8)); // capped
        FetchPolicy.Next late = policy.after(FetchPolicy.Kind.NOT_YET, 0, 41, T0, T0.plus(Duration.ofHours(1)), TransferCodes.NOT_YET, "not yet", null, 0.5);
        assertThat(late.state()).isEqualTo(FetchPolicy.State.FAILED);
        assertThat(late.code()).isEqualTo(TransferCodes.GAVE_UP);
        assertThat(late.detail()).contains("PT1H passed").contains(TransferCodes.NOT_YET);
    }

    @Test
    void transfersGiveUpAfterSevenDaysAtTheEarliestEvenWhenDeliveryGivesUpAfterADay() {
        eu.eevidence.gw.gateway.delivery.DeliveryPolicy day = eu.eevidence.gw.gateway.delivery.DeliveryPolicy.defaults().withMaxTotal(Duration.ofHours(24));
        FetchPolicy transfers = FetchPolicy.forTransfers(day);
        assertThat(transfers.policy().maxTotal()).isEqualTo(Duration.ofDays(7));
        assertThat(transfers.policy().maxAttempts()).isEqualTo(day.maxAttempts());
        // a requested node down for 30 h: the job is still pending after delivery's 24 h
        FetchPolicy.Next still = transfers.after(FetchPolicy.Kind.RETRYABLE, 0, 0, T0, T0.plus(Duration.ofHours(30)), TransferCodes.IO, "refused", null, 0.5);
        assertThat(still.state()).isEqualTo(FetchPolicy.State.PENDING);
        assertThat(FetchPolicy.forTransfers(day.withMaxTotal(Duration.ofDays(10))).policy().maxTotal()).isEqualTo(Duration.ofDays(10));
    }
}
