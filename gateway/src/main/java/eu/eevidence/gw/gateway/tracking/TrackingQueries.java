package eu.eevidence.gw.gateway.tracking;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.infra.StorageException;
import java.sql.SQLException;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;

import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side for prosecutors and contact points: filtered, sorted, paged lists, counts per state and per
 * deadline band, and a CSV export. Every query is scoped: {@code ownerFingerprint} restricts it to the requests
 * submitted with that certificate (null = every request, for auditors). Plain SQL served by the V3 indexes.
 */
public final class TrackingQueries {

    private final Database db;

    public TrackingQueries(Database db) {
        this.db = db;
    }

    /** One page of requests and whether there are more. */
    public record Page(List<RequestRecord> items, int page, int size, boolean hasMore) {
    }

    public Page list(TrackingFilter f, String ownerFingerprint, Instant now) {
        return db.read(c -> {
            List<Object> args = new ArrayList<>();
            String sql = "SELECT " + RequestRepository.COLUMNS + " FROM request" + where(f, ownerFingerprint, now, args) + order(f)
                    + " LIMIT " + (f.size() + 1) + " OFFSET " + ((long) f.page() * f.size());
            List<RequestRecord> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(RequestRepository.map(rs));
                }
            }
            boolean more = out.size() > f.size();
            return new Page(more ? out.subList(0, f.size()) : out, f.page(), f.size(), more);
        });
    }

    /** Counts per state and per deadline band (overdue, due within 24 h, within 7 days, later, none). */
    public Map<String, Object> stats(String ownerFingerprint, Instant now) {
        return db.read(c -> {
            Map<String, Long> byState = new LinkedHashMap<>();
            for (RequestState s : RequestState.values()) {
                byState.put(s.name(), 0L);
            }
            String scope = ownerFingerprint == null ? "" : " WHERE owner_fingerprint = ?";
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT state, COUNT(*) FROM request" + scope + " GROUP BY state")) {
                if (ownerFingerprint != null) {
                    ps.setString(1, ownerFingerprint);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byState.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            Map<String, Long> bands = new LinkedHashMap<>();
            String and = ownerFingerprint == null ? " WHERE " : scope + " AND ";
            Instant day = now.plus(Duration.ofDays(1));
            Instant week = now.plus(Duration.ofDays(7));
            bands.put("overdue", count(c, "SELECT COUNT(*) FROM request" + and + "next_deadline_at < ?", ownerFingerprint, now));
            bands.put("within24h", count(c, "SELECT COUNT(*) FROM request" + and + "next_deadline_at >= ? AND next_deadline_at < ?",
                    ownerFingerprint, now, day));
            bands.put("within7d", count(c, "SELECT COUNT(*) FROM request" + and + "next_deadline_at >= ? AND next_deadline_at < ?", ownerFingerprint,
                    day, week));
            bands.put("later", count(c, "SELECT COUNT(*) FROM request" + and + "next_deadline_at >= ?", ownerFingerprint, week));
            long total = byState.values().stream().mapToLong(Long::longValue).sum();
            bands.put("none", total - bands.values().stream().mapToLong(Long::longValue).sum());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", total);
            out.put("byState", byState);
            out.put("byDeadlineBand", bands);
            out.put("at", now.toString());
            return out;
        });
    }

    /** Writes every matching request (all pages) as CSV (RFC 4180), streaming from the database. */
    public long exportCsv(TrackingFilter f, String ownerFingerprint, Instant now, Writer out) {
        return db.read(c -> {
            List<Object> args = new ArrayList<>();
            String sql = "SELECT " + RequestRepository.COLUMNS + " FROM request" + where(f, ownerFingerprint, now, args) + order(f);
            long rows = 0;
            try (PreparedStatement ps = prepare(c, sql, args)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    out.write("id,type,platform,requestedParty,state,receivedAt,updatedAt,nextDeadlineKind,nextDeadlineAt,overdue,deliveryAttempts,receiptId\r\n");
                    while (rs.next()) {
                        RequestRecord r = RequestRepository.map(rs);
                        boolean overdue = r.nextDeadlineAt() != null && r.nextDeadlineAt().isBefore(now);
                        out.write(String.join(",", csv(r.id()), csv(r.messageType()), csv(r.platformId()), csv(r.requestedParty()),
                                csv(r.state().name()), csv(r.receivedAt()), csv(r.updatedAt()), csv(r.nextDeadlineKind()), csv(r.nextDeadlineAt()),
                                overdue ? "true" : "false", Integer.toString(r.deliveryAttempts()), csv(r.receiptId())));
                        out.write("\r\n");
                        rows++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows;
        });
    }

    static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        // neutralise spreadsheet formulas (CSV injection) and quote what needs quoting
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String where(TrackingFilter f, String owner, Instant now, List<Object> args) {
        List<String> clauses = new ArrayList<>();
        if (owner != null) {
            clauses.add("owner_fingerprint = ?");
            args.add(owner);
        }
        in(clauses, args, "state", f.states().stream().map(Enum::name).toList());
        in(clauses, args, "message_type", f.types());
        in(clauses, args, "platform_id", f.platforms());
        in(clauses, args, "requested_party", f.countries());
        if (f.overdue()) {
            clauses.add("next_deadline_at < ?");
            args.add(ts(now));
        }
        if (f.dueBefore() != null) {
            clauses.add("next_deadline_at < ?");
            args.add(ts(f.dueBefore()));
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void in(List<String> clauses, List<Object> args, String column, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        clauses.add(column + " IN (" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")");
        args.addAll(values);
    }

    private static String order(TrackingFilter f) {
        return switch (f.sort()) {
            // PostgreSQL (and H2 in PostgreSQL mode) sort NULLs last in ascending order: requests without a deadline come last
            case NEXT_DEADLINE -> " ORDER BY next_deadline_at, id";
            case RECEIVED -> " ORDER BY received_at DESC, id DESC";
        };
    }

    private static PreparedStatement prepare(Tx c, String sql, List<Object> args) {
        try {
            PreparedStatement ps = c.connection().prepareStatement(sql);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static long count(Tx c, String sql, String owner, Instant... bounds) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                int i = 1;
                if (owner != null) {
                    ps.setString(i++, owner);
                }
                for (Instant b : bounds) {
                    ps.setObject(i++, ts(b));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
