package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.tiles.TileWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The custody log's meters (ADR-0027), read when scraped: {@code eeg_custody_appends_total} (entries in the log),
 * {@code eeg_custody_checkpoint_entries} (entries the last signed checkpoint covers),
 * {@code eeg_custody_unsigned_entries} (appended but not yet under a signed checkpoint) and
 * {@code eeg_custody_checkpoint_age_seconds} (since the checkpoint was last signed; -1 before the first). A checkpoint is
 * signed only when the log grew, so an old checkpoint alone is normal on a quiet node: the alert is an old checkpoint
 * while entries wait unsigned.
 */
public final class CustodyMeters {

    private final CustodyLog log;
    private final Clock clock;

    private CustodyMeters(CustodyLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public static void register(CustodyLog log, Clock clock, MeterRegistry meters) {
        CustodyMeters m = new CustodyMeters(log, clock);
        FunctionCounter.builder("eeg.custody.appends", log, CustodyLog::size).description("Entries appended to the custody log").register(meters);
        Gauge.builder("eeg.custody.checkpoint.entries", m, CustodyMeters::checkpointSize)
                .description("Entries covered by the last signed checkpoint").register(meters);
        Gauge.builder("eeg.custody.unsigned.entries", m, x -> Math.max(0, log.size() - x.checkpointSize()))
                .description("Custody entries appended but not yet covered by a signed checkpoint").register(meters);
        Gauge.builder("eeg.custody.checkpoint.age", m, CustodyMeters::checkpointAgeSeconds).baseUnit("seconds")
                .description("Time since the custody checkpoint was last signed (-1: none yet)").register(meters);
    }

    /** The size line of the published checkpoint (C2SP tlog-checkpoint: origin, size, root hash), 0 if none. */
    double checkpointSize() {
        try {
            return log.checkpoint().map(CustodyMeters::sizeOf).orElse(0L);
        } catch (CustodyException e) {
            return 0;
        }
    }

    static long sizeOf(String note) {
        String[] lines = note.split("\n", 3);
        try {
            return lines.length < 2 ? 0 : Long.parseLong(lines[1].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    double checkpointAgeSeconds() {
        Path p = log.directory().resolve(TileWriter.CHECKPOINT);
        try {
            if (!Files.exists(p)) {
                return -1;
            }
            return Math.max(0, Duration.between(Files.getLastModifiedTime(p).toInstant(), clock.instant()).toMillis() / 1000.0);
        } catch (IOException e) {
            return -1;
        }
    }
}
