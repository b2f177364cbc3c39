package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.order.RemovalStore;
import eu.eevidence.gw.schema.ContentRemoved;

import java.util.List;

/**
 * The figures of a platform's CONTENT_REMOVED answer, as stored and as told on the timeline and in the custody log:
 * counts only. The order's hashes never appear here; a per-hash figure names the hash by its position in the order.
 */
final class RemovalFigures {

    private RemovalFigures() {
    }

    static RemovalStore.Removed of(ContentRemoved cr, String messageId) {
        List<RemovalStore.HashFigures> perHash = cr.perHash() == null ? List.of()
                : cr.perHash().stream().map(h -> new RemovalStore.HashFigures(h.hashIndex(), h.matches(), h.removed())).toList();
        return new RemovalStore.Removed(cr.removedAt().toInstant(), cr.itemsRemoved(), cr.hashMatches(), perHash, messageId);
    }

    /** "content removed at T: N item(s)[, M hash match(es) over K hash(es)]". */
    static String outcome(ContentRemoved cr) {
        StringBuilder s = new StringBuilder("content removed at ").append(cr.removedAt().toInstant()).append(": ").append(cr.itemsRemoved())
                .append(" item(s)");
        if (cr.hashMatches() != null) {
            s.append(", ").append(cr.hashMatches()).append(" hash match(es)");
            if (cr.perHash() != null && !cr.perHash().isEmpty()) {
                s.append(" over ").append(cr.perHash().size()).append(" hash(es)");
            }
        }
        return s.toString();
    }
}
