package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.gateway.infra.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The poll cursor of each POLL platform (table {@code answer_cursor}): where the next poll starts, across restarts. */
public final class CursorStore {

    private final Database db;

    public CursorStore(Database db) {
        this.db = db;
    }

    /** The cursor, or empty before the first completed poll (the adapter then starts from the beginning). */
    public Optional<String> read(String platformId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT cursor_value FROM answer_cursor WHERE platform_id = ?")) {
                ps.setString(1, platformId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Stores the cursor; call only after the answers it covers are stored. */
    public void write(String platformId, String cursor, Instant now) {
        if (cursor != null && cursor.length() > 1000) {
            throw new IllegalArgumentException(ChannelError.CHN_BAD_CURSOR.code() + " the adapter's cursor exceeds 1000 characters");
        }
        db.inTx(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE answer_cursor SET cursor_value = ?, updated_at = ? WHERE platform_id = ?")) {
                ps.setString(1, cursor);
                ps.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setString(3, platformId);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO answer_cursor (platform_id, cursor_value, updated_at) VALUES (?, ?, ?)")) {
                ps.setString(1, platformId);
                ps.setString(2, cursor);
                ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
