package eu.eevidence.gw.gateway.statistics;

import eu.eevidence.gw.pki.Role;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Deployment settings of the protected data (ADR-0037), from the optional file {@code <data-dir>/protected-data.properties}
 * (docs/configuration.md): {@code statistics.min-cell}, {@code statistics.period} (QUARTER or MONTH),
 * {@code statistics.roles} and {@code victim-data.readers} (comma-separated roles, e.g. {@code AUDITOR}), and
 * {@code archive.retention-days} (ADR-0039: the retention of an archived request, from its archiving, 1..36500 days).
 *
 * @param minCell           the minimum published cell: a count {@code 0 < n < minCell} is suppressed (default 5)
 * @param granularity       the only period length published (QUARTER by default; never both, so periods never overlap)
 * @param statisticsRoles   roles that may read statistics (default AUDITOR)
 * @param victimDataReaders roles that may read a request's victim data besides its submitter (default none)
 * @param archiveRetentionDays the retention of an archived request in days (default 3650)
 */
public record StatisticsSettings(int minCell, Granularity granularity, Set<Role> statisticsRoles, Set<Role> victimDataReaders,
                                 int archiveRetentionDays) {

    /** The period length. */
    public enum Granularity { QUARTER, MONTH }

    /** The archive's retention unless set (the same as {@code archive.Archives.DEFAULT_RETENTION_DAYS}): ten years. */
    public static final int DEFAULT_ARCHIVE_RETENTION_DAYS = 3650;
    /** The longest archive retention accepted: a hundred years. */
    public static final int MAX_ARCHIVE_RETENTION_DAYS = 36500;

    public static final StatisticsSettings DEFAULTS = new StatisticsSettings(5, Granularity.QUARTER, Set.of(Role.AUDITOR), Set.of());

    public StatisticsSettings {
        if (minCell < 2) {
            throw new IllegalArgumentException("the minimum cell size must be at least 2");
        }
        if (archiveRetentionDays < 1 || archiveRetentionDays > MAX_ARCHIVE_RETENTION_DAYS) {
            throw new IllegalArgumentException("archive.retention-days must be between 1 and " + MAX_ARCHIVE_RETENTION_DAYS);
        }
        granularity = granularity == null ? Granularity.QUARTER : granularity;
        statisticsRoles = Set.copyOf(statisticsRoles);
        victimDataReaders = Set.copyOf(victimDataReaders);
    }

    /** The settings with the default archive retention. */
    public StatisticsSettings(int minCell, Granularity granularity, Set<Role> statisticsRoles, Set<Role> victimDataReaders) {
        this(minCell, granularity, statisticsRoles, victimDataReaders, DEFAULT_ARCHIVE_RETENTION_DAYS);
    }

    /** The file under the data directory. */
    public static final String FILE = "protected-data.properties";

    private static final List<String> KEYS = List.of("statistics.min-cell", "statistics.period", "statistics.roles", "victim-data.readers",
            "archive.retention-days");

    /** Reads {@code <dataDir>/protected-data.properties}, or the defaults when there is none ({@code EEG-STAT-CONFIG} when malformed). */
    public static StatisticsSettings load(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        if (!Files.exists(f)) {
            return DEFAULTS;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(StatisticsError.CONFIG.code() + " cannot read " + FILE + ": " + e.getMessage(), e);
        }
        return parse(p);
    }

    static StatisticsSettings parse(Properties p) {
        for (String name : p.stringPropertyNames()) {
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(StatisticsError.CONFIG.code() + " unknown setting " + name + " in " + FILE);
            }
        }
        try {
            int minCell = Integer.parseInt(p.getProperty("statistics.min-cell", String.valueOf(DEFAULTS.minCell())).strip());
            Granularity g = Granularity.valueOf(p.getProperty("statistics.period", DEFAULTS.granularity().name()).strip().toUpperCase(Locale.ROOT));
            return new StatisticsSettings(minCell, g, roles(p.getProperty("statistics.roles"), DEFAULTS.statisticsRoles()),
                    roles(p.getProperty("victim-data.readers"), DEFAULTS.victimDataReaders()),
                    Integer.parseInt(p.getProperty("archive.retention-days", String.valueOf(DEFAULT_ARCHIVE_RETENTION_DAYS)).strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(StatisticsError.CONFIG.code() + " " + FILE + ": " + e.getMessage(), e);
        }
    }

    private static Set<Role> roles(String text, Set<Role> otherwise) {
        if (text == null) {
            return otherwise;
        }
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String r : text.split(",")) {
            if (!r.isBlank()) {
                out.add(Role.valueOf(r.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
            }
        }
        return out;
    }
}
