package eu.eevidence.gw.gateway.cli;

import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class StartFailureTest {

    @Test
    void explainsALockedDataDirectory() {
        Exception e = new RuntimeException("pool", new SQLException("Database may be already in use: \"/data/db/gateway.mv.db\". Possible solutions: ..."));
        assertThat(StartFailure.explain(e)).isEqualTo("the data directory's database is locked: another node is running on this --data-dir");
    }

    @Test
    void explainsAPortInUse() {
        assertThat(StartFailure.explain(new RuntimeException(new BindException("Address already in use")))).contains("--port");
    }

    @Test
    void keepsOurOwnCodedMessagesAndOtherwiseNamesTheRootCauseInOneLine() {
        assertThat(StartFailure.explain(new IllegalArgumentException("EEG-CFG-005 platform x names adapter 'y'"))).startsWith("EEG-CFG-005");
        assertThat(StartFailure.explain(new RuntimeException(new IllegalStateException("first line\n\tat stack")))).isEqualTo("IllegalStateException: first line");
    }
}
