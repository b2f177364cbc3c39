package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads of the network inbox ({@code network_inbox}) for the rest of the network feature (ADR-0026). */
final class InboxStore {

    private InboxStore() {
    }

    /** The SHA-256 of the protected bytes of a message of {@code peer} as this node received them (its inbox row). */
    static Optional<String> receivedSha256(Tx c, String peer, String messageId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT sha256 FROM network_inbox WHERE peer_node_id = ? AND message_id = ?")) {
                ps.setString(1, peer);
                ps.setString(2, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
