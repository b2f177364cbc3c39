package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.HashListStore;
import eu.eevidence.gw.schema.HashListApplied;

import java.util.List;
import java.util.Optional;

/**
 * The figures of a platform's HASH_LIST_APPLIED answer (ADR-0038), as stored and as told on the timeline and in the
 * custody log: counts only; a per-hash figure names the hash by its position in the list, never by its value.
 */
final class HashListFigures {

    private HashListFigures() {
    }

    static HashListStore.Applied of(HashListApplied a, String messageId) {
        List<HashListStore.HashFigures> perHash = a.perHash() == null ? List.of()
                : a.perHash().stream().map(h -> new HashListStore.HashFigures(h.hashIndex(), h.matched(), h.removed(), h.reuploadsBlocked()))
                .toList();
        return new HashListStore.Applied(a.appliedAt().toInstant(), a.matched(), a.removed(), a.reuploadsBlocked(), perHash, messageId);
    }

    /** The list an answer is about: the one its correlationId names, else the request's latest. */
    static Optional<String> listOf(Tx c, HashListStore store, String requestId, String correlationId) {
        if (correlationId != null && store.find(c, requestId, correlationId).isPresent()) {
            return Optional.of(correlationId);
        }
        return store.latest(c, requestId);
    }

    /** "hash list applied at T: M matched, R removed, B re-upload(s) blocked[ over K hash(es)]". */
    static String outcome(HashListApplied a) {
        StringBuilder s = new StringBuilder("hash list applied at ").append(a.appliedAt().toInstant()).append(": ").append(a.matched())
                .append(" matched, ").append(a.removed()).append(" removed, ").append(a.reuploadsBlocked()).append(" re-upload(s) blocked");
        if (a.perHash() != null && !a.perHash().isEmpty()) {
            s.append(" over ").append(a.perHash().size()).append(" hash(es)");
        }
        return s.toString();
    }
}
