package eu.eevidence.gw.gateway.alert;

import java.time.Instant;
import java.util.List;

/** A way to a subscriber (e-mail, webhook). One call sends one batch: one urgent alarm or one digest. */
public interface AlarmChannel {

    /**
     * One batch for one subscriber. {@code id} is the batch id the receiver may deduplicate on (it is the same on
     * every attempt, also after a restart); {@code digest} whether it is a digest (of one or more alarms).
     */
    record Batch(String id, boolean digest, List<Item> alarms) {
        public Batch {
            alarms = List.copyOf(alarms);
        }
    }

    /** One alarm of a batch and when it was raised. */
    record Item(Alarm alarm, Instant raisedAt) {
    }

    /** Why a send failed: a code and a short reason without personal data; {@code permanent} gives up at once. */
    final class SendFailure extends Exception {
        private final AlertError code;
        private final boolean permanent;

        public SendFailure(AlertError code, String reason, boolean permanent) {
            super(code.code() + " " + reason);
            this.code = code;
            this.permanent = permanent;
        }

        public AlertError code() {
            return code;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    void send(Subscriber subscriber, Batch batch) throws SendFailure;
}
