package eu.eevidence.gw.gateway.statistics;

import eu.eevidence.gw.pki.Role;

import java.util.Set;

/**
 * Deployment settings of the protected data (ADR-0037).
 *
 * @param minCell           the minimum published cell: a count {@code 0 < n < minCell} is suppressed (default 5)
 * @param granularity       the only period length published (QUARTER by default; never both, so periods never overlap)
 * @param statisticsRoles   roles that may read statistics (default AUDITOR)
 * @param victimDataReaders roles that may read a request's victim data besides its submitter (default none)
 */
public record StatisticsSettings(int minCell, Granularity granularity, Set<Role> statisticsRoles, Set<Role> victimDataReaders) {

    /** The period length. */
    public enum Granularity { QUARTER, MONTH }

    public static final StatisticsSettings DEFAULTS = new StatisticsSettings(5, Granularity.QUARTER, Set.of(Role.AUDITOR), Set.of());

    public StatisticsSettings {
        if (minCell < 2) {
            throw new IllegalArgumentException("the minimum cell size must be at least 2");
        }
        granularity = granularity == null ? Granularity.QUARTER : granularity;
        statisticsRoles = Set.copyOf(statisticsRoles);
        victimDataReaders = Set.copyOf(victimDataReaders);
    }
}
