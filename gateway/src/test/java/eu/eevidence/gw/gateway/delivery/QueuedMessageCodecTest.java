package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuedMessageCodecTest {

    private static final String REQUEST_ID = "REQ-01JD2X4Y6Z8A0B2C4D6E8F0G2H";
    private static final String NOTICE_ID = "NTC-WITHDRAWAL-" + REQUEST_ID;
    private static final String OUTBOX_ID = "OUT-3f1c2a9e-8d4b-4c6a-9b1e-2f7d5a0c9e31";

    // --- negative cases first: nothing unreadable becomes a delivery, nothing throws

    @ParameterizedTest(name = "[{index}] \"{0}\" is unknown")
    @NullAndEmptySource
    @ValueSource(strings = {
            "notice:", "network:",                                  // a prefix without an id
            "notice: " + NOTICE_ID, "network:OUT-1 2",              // spaces inside
            "REQ-1\nREQ-2", "REQ-\u00e9", " REQ-1", "REQ-1 ", "\t",  // control, non-ASCII, white space
            "receipt:RCPT-1", "NOTICE:NTC-1", "Network:OUT-1",      // kinds this version does not know (prefixes are case-sensitive)
            "notice:notice:NTC-1", "network:notice:NTC-1",          // an id cannot carry another kind
            ":REQ-1", "REQ-1:", "{\"requestId\":\"REQ-1\"}"})
    void unreadableBodiesDecodeToUnknownWithTheBodyAsReceived(String body) {
        QueuedMessage m = QueuedMessageCodec.decode(body);

        assertThat(m).isInstanceOf(QueuedMessage.Unknown.class);
        QueuedMessage.Unknown u = (QueuedMessage.Unknown) m;
        assertThat(u.raw()).isEqualTo(body == null ? "" : body);
        assertThat(u.reason()).isNotBlank();
        assertThat(QueuedMessageCodec.encode(u)).isEqualTo(body == null ? "" : body); // dead-lettered as it came
    }

    @Test
    void anOverlongIdIsUnknownAndTheLimitItselfIsRead() {
        String longest = "REQ-" + "A".repeat(QueuedMessageCodec.MAX_ID_LENGTH - 4);
        assertThat(QueuedMessageCodec.decode(longest)).isEqualTo(new QueuedMessage.RequestDelivery(longest));
        assertThat(QueuedMessageCodec.decode(longest + "A")).isInstanceOf(QueuedMessage.Unknown.class);
        assertThat(QueuedMessageCodec.decode("network:" + longest + "A")).isInstanceOf(QueuedMessage.Unknown.class);
    }

    @Test
    void producersCannotMakeAMessageThatWouldReadBackAsAnotherKind() {
        assertThatThrownBy(() -> new QueuedMessage.RequestDelivery("notice:" + NOTICE_ID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("EEG-DLV-UNREADABLE");
        assertThatThrownBy(() -> new QueuedMessage.NoticeDelivery("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueuedMessage.NetworkSend(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueuedMessage.RequestDelivery("REQ 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printableFormOfAnUnreadableBodyIsBoundedAndHasNoControlCharacters() {
        String p = QueuedMessageCodec.printable("a\nb\u0000c" + "x".repeat(500));
        assertThat(p).doesNotContain("\n").doesNotContain("\u0000").hasSizeLessThan(120).endsWith("(505 chars)");
        assertThat(QueuedMessageCodec.printable(null)).isEqualTo("(none)");
    }

    // --- the wire format of earlier versions (bodies already in a broker journal)

    @Test
    void bodiesWrittenByEarlierVersionsDecodeToTheirKind() {
        assertThat(QueuedMessageCodec.decode(REQUEST_ID)).isEqualTo(new QueuedMessage.RequestDelivery(REQUEST_ID));
        assertThat(QueuedMessageCodec.decode("notice:" + NOTICE_ID)).isEqualTo(new QueuedMessage.NoticeDelivery(NOTICE_ID));
        assertThat(QueuedMessageCodec.decode("network:" + OUTBOX_ID)).isEqualTo(new QueuedMessage.NetworkSend(OUTBOX_ID));
    }

    @Test
    void messagesEncodeToTheEarlierWireFormat() {
        assertThat(QueuedMessageCodec.encode(new QueuedMessage.RequestDelivery(REQUEST_ID))).isEqualTo(REQUEST_ID);
        assertThat(QueuedMessageCodec.encode(new QueuedMessage.NoticeDelivery(NOTICE_ID))).isEqualTo("notice:" + NOTICE_ID);
        assertThat(QueuedMessageCodec.encode(new QueuedMessage.NetworkSend(OUTBOX_ID))).isEqualTo("network:" + OUTBOX_ID);
    }

    @Test
    void everyKindRoundTrips() {
        for (QueuedMessage m : List.of(new QueuedMessage.RequestDelivery(REQUEST_ID), new QueuedMessage.NoticeDelivery(NOTICE_ID),
                new QueuedMessage.NetworkSend(OUTBOX_ID), new QueuedMessage.RequestDelivery("legacy-id_1.x"))) {
            String body = QueuedMessageCodec.encode(m);
            assertThat(QueuedMessageCodec.decode(body)).as(body).isEqualTo(m);
            assertThat(QueuedMessageCodec.encode(QueuedMessageCodec.decode(body))).isEqualTo(body); // a rescheduled body is unchanged
        }
    }

    // --- how DeliveryService treats the kinds that need no database

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    private static DeliveryService service(DeliveryMetrics metrics) {
        return new DeliveryService(null, null, null, CLOCK, eu.eevidence.gw.gateway.order.LifecycleListener.NONE,
                eu.eevidence.gw.gateway.custody.CustodyRecorder.NONE, DeliveryPolicy.defaults(), metrics, () -> 0.5);
    }

    @Test
    void anUnreadableMessageIsDeadLetteredAndCountedNotThrown() throws SQLException {
        DeliveryMetrics metrics = new DeliveryMetrics();
        DeliveryService service = service(metrics);

        assertThat(service.deliver(QueuedMessageCodec.decode("receipt:RCPT-1"))).isEqualTo(DeliveryService.Next.DEAD_LETTER);
        assertThat(metrics.counters()).containsEntry("dead_letters_total", 1L);
        service.deadLettered(QueuedMessageCodec.decode("receipt:RCPT-1")); // off the dead-letter queue: logged, nothing else
        assertThat(metrics.counters()).containsEntry("dead_letters_total", 1L);
    }

    @Test
    void networkSendsGoToTheirHandlerWithTheDeliveryPolicy() throws SQLException {
        QueuedMessage send = QueuedMessageCodec.decode("network:" + OUTBOX_ID);
        assertThat(service(new DeliveryMetrics()).deliver(send)).isEqualTo(DeliveryService.Next.DONE); // no outbox on this node: dropped as an orphan

        AtomicInteger attempts = new AtomicInteger();
        List<String> deadLettered = new ArrayList<>();
        QueuedMessageHandler outbox = new QueuedMessageHandler() {
            @Override
            public DeliveryOutcome.RetryableFailure deliver(String id) {
                assertThat(id).isEqualTo(OUTBOX_ID);
                attempts.incrementAndGet();
                return new DeliveryOutcome.RetryableFailure("EEG-DLV-IO", "peer down", null);
            }

            @Override
            public int attempts(String id) {
                return attempts.get();
            }

            @Override
            public void deadLettered(String id) {
                deadLettered.add(id);
            }
        };
        DeliveryService service = new DeliveryService(null, null, null, CLOCK, eu.eevidence.gw.gateway.order.LifecycleListener.NONE,
                eu.eevidence.gw.gateway.custody.CustodyRecorder.NONE, DeliveryPolicy.defaults(),
                new DeliveryService.Parts(new DeliveryMetrics(), () -> 0.5, new DeliveryService.Handlers(() -> outbox, null, null)));
        int max = service.policy().maxAttempts();
        for (int i = 1; i < max; i++) {
            assertThat(service.deliver(send)).isInstanceOf(DeliveryService.Next.Retry.class);
        }
        assertThat(deadLettered).isEmpty();
        assertThat(service.deliver(send)).isEqualTo(DeliveryService.Next.DONE);
        assertThat(deadLettered).containsExactly(OUTBOX_ID);

        service.deadLettered(send); // the broker gave up on it
        assertThat(deadLettered).containsExactly(OUTBOX_ID, OUTBOX_ID);
    }
}
