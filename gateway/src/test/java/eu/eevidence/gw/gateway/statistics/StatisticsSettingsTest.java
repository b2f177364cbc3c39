package eu.eevidence.gw.gateway.statistics;

import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatisticsSettingsTest {

    static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void malformedSettingsStopTheNodeWithTheirCode() {
        assertThatThrownBy(() -> StatisticsSettings.parse(props("statistics.min-cell", "1"))).hasMessageStartingWith("EEG-STAT-CONFIG");
        assertThatThrownBy(() -> StatisticsSettings.parse(props("statistics.min-cell", "five"))).hasMessageStartingWith("EEG-STAT-CONFIG");
        assertThatThrownBy(() -> StatisticsSettings.parse(props("statistics.period", "YEAR"))).hasMessageStartingWith("EEG-STAT-CONFIG");
        assertThatThrownBy(() -> StatisticsSettings.parse(props("victim-data.readers", "EVERYONE"))).hasMessageStartingWith("EEG-STAT-CONFIG");
        assertThatThrownBy(() -> StatisticsSettings.parse(props("statistics.minCell", "5"))).hasMessageStartingWith("EEG-STAT-CONFIG");
    }

    @Test
    void anArchiveRetentionOutsideOneToAHundredYearsStopsTheNode() {
        for (String bad : new String[] {"0", "-1", "36501", "ten years", ""}) {
            assertThatThrownBy(() -> StatisticsSettings.parse(props("archive.retention-days", bad))).as(bad)
                    .hasMessageStartingWith("EEG-STAT-CONFIG");
        }
        assertThat(StatisticsSettings.parse(props("archive.retention-days", "1")).archiveRetentionDays()).isEqualTo(1);
        assertThat(StatisticsSettings.parse(props("archive.retention-days", " 36500 ")).archiveRetentionDays()).isEqualTo(36500);
        assertThat(StatisticsSettings.DEFAULTS.archiveRetentionDays()).isEqualTo(3650);
    }

    @Test
    void defaultsAndAFile(@TempDir Path dir) throws Exception {
        assertThat(StatisticsSettings.load(dir)).isEqualTo(StatisticsSettings.DEFAULTS);
        assertThat(StatisticsSettings.DEFAULTS.minCell()).isEqualTo(5);
        assertThat(StatisticsSettings.DEFAULTS.victimDataReaders()).isEmpty();
        Files.writeString(dir.resolve(StatisticsSettings.FILE), "statistics.min-cell=10\nstatistics.period=month\nvictim-data.readers=auditor\n");
        StatisticsSettings s = StatisticsSettings.load(dir);
        assertThat(s.minCell()).isEqualTo(10);
        assertThat(s.granularity()).isEqualTo(StatisticsSettings.Granularity.MONTH);
        assertThat(s.victimDataReaders()).isEqualTo(Set.of(Role.AUDITOR));
        assertThat(s.statisticsRoles()).isEqualTo(Set.of(Role.AUDITOR));
    }
}
