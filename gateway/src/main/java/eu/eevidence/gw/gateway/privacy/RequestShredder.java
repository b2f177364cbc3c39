package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Destroys the personal data of one request in every store (ADR-0020): its data key, then each feature's part
 * ({@link RequestDataPurge}, implemented by the feature's store beside its own SQL: the request's content columns and
 * timeline text, its answers, notices, evidence uploads, fetches, replay-guard rows, follow-ups sent to peers, the
 * inbound cases it executes (with their keys), the texts and salts of its custody records), and after the commit the
 * files those parts name (evidence items, upload parts, the manual hand-off package). What stays is the metadata an
 * audit needs: ids, states, times, actors' certificate fingerprints, hashes of ciphertexts and of evidence items.
 *
 * <p>Call {@link #shred} inside the purge's transaction (row lock held), then {@link Shredded#deleteFiles} after commit.
 */
public final class RequestShredder {

    private final List<RequestDataPurge> parts;

    /** {@code parts}: the features' parts of a purge, in the order they run (node/NodeAssembly gives every feature's). */
    public RequestShredder(List<RequestDataPurge> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Files of a purged request, deleted once the purge committed. */
    public static final class Shredded {
        private final List<Runnable> afterCommit;

        private Shredded(List<Runnable> afterCommit) {
            this.afterCommit = afterCommit;
        }

        /** Deletes the request's files (after the commit: a rolled-back purge keeps them). */
        public void deleteFiles() {
            afterCommit.forEach(Runnable::run);
        }
    }

    /** Erases everything personal of request {@code id} in the caller's transaction. */
    public Shredded shred(Tx c, DataKeys keys, String id, Instant now) {
        keys.destroy(c, id);
        List<Runnable> afterCommit = new ArrayList<>();
        for (RequestDataPurge part : parts) {
            Runnable then = part.purge(c, keys, id, now);
            if (then != RequestDataPurge.NOTHING) {
                afterCommit.add(then);
            }
        }
        return new Shredded(afterCommit);
    }
}
