package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.console.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class OrderFieldsTest {

    @Test
    void theOrdersValuesAreRowsWithSpelledOrTranslatedLabelsAndTheTypeIsNoRow() throws Exception {
        var content = new ObjectMapper().readTree("""
                {"messageId":"msg-1","sender":{"kind":"REQUESTING_AUTHORITY","country":"FR"},
                 "body":{"type":"EU_EPOC","dataSought":{"categories":["SUBSCRIBER","TRAFFIC"],"emergency":false},
                         "targets":[{"identifier":"alice@example.org"}]}}""");
        List<OrderFields.Row> rows = OrderFields.rows(content, new Messages(Locale.ENGLISH));
        assertThat(rows).extracting(OrderFields.Row::value).contains("msg-1", "alice@example.org", "false").doesNotContain("EU_EPOC");
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.label()).contains("Data categories 1");
            assertThat(r.value()).isNotBlank();
        });
        assertThat(rows).anySatisfy(r -> assertThat(r.label()).isEqualTo("Kind"));
        assertThat(OrderFields.spelled("dataSought")).isEqualTo("Data sought");
        assertThat(OrderFields.rows(null, new Messages(Locale.ENGLISH))).isEmpty();
    }
}
