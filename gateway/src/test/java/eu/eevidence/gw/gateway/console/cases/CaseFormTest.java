package eu.eevidence.gw.gateway.console.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A decision form becomes the API's body, blank fields left out (the API names what is missing). */
class CaseFormTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static MultivaluedHashMap<String, String> form(String... kv) {
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.add(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void anUnknownOrMissingActionIsNoForm() {
        assertThat(CaseForm.of(form())).isNull();
        assertThat(CaseForm.of(form("decision", "DELETE"))).isNull();
        assertThat(CaseForm.of(form("decision", "accept"))).isNotNull();
    }

    @Test
    void blankFieldsAreLeftOutAndForeignFieldsIgnored() throws Exception {
        JsonNode b = JSON.readTree(CaseForm.of(form("decision", "REFUSE", "code", "OTHER", "reason", "  ", "platformId", "x",
                "csrf", "t")).body());
        assertThat(b.path("decision").asText()).isEqualTo("REFUSE");
        assertThat(b.path("code").asText()).isEqualTo("OTHER");
        assertThat(b.has("reason")).isFalse();
        assertThat(b.has("platformId")).isFalse();
        assertThat(b.has("csrf")).isFalse();
    }

    @Test
    void theArt30DisclosureBecomesTheCatalogueShape() throws Exception {
        CaseForm f = CaseForm.of(form("decision", "DISCLOSE", "providerName", "Example Hosting Inc.", "providerCountry", "US",
                "path", "Demo Platform Ireland Ltd | IE\r\n\r\nExample Hosting Inc. | US", "trafficDataSummary", "from 198.51.100.23"));
        assertThat(f.disclosure()).isTrue();
        JsonNode b = JSON.readTree(f.body());
        assertThat(b.has("decision")).isFalse();
        assertThat(b.path("thirdStateProvider").path("country").asText()).isEqualTo("US");
        assertThat(b.path("path")).hasSize(2);
        assertThat(b.path("path").get(0).path("provider").asText()).isEqualTo("Demo Platform Ireland Ltd");
        assertThat(b.path("path").get(1).path("country").asText()).isEqualTo("US");
        assertThat(b.path("trafficDataSummary").asText()).isEqualTo("from 198.51.100.23");
    }

    /** The keys the confirmation page and the case page compose from the action (ConsoleBundlesTest cannot see them). */
    @Test
    void everyActionHasItsTextsInTheThreeLanguages() throws Exception {
        for (String suffix : new String[] {"", "_fr", "_de"}) {
            java.util.Properties p = new java.util.Properties();
            try (var in = CaseFormTest.class.getResourceAsStream("/console/messages" + suffix + ".properties")) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            for (var e : CaseForm.FIELDS.entrySet()) {
                for (String prefix : new String[] {"case.confirm.intro.", "case.confirm.button.", "case.done."}) {
                    assertThat(p.getProperty(prefix + e.getKey())).as(suffix + " " + prefix + e.getKey()).isNotBlank();
                }
                for (String field : e.getValue()) {
                    assertThat(p.getProperty("case.field." + field)).as(suffix + " case.field." + field).isNotBlank();
                }
            }
        }
    }
}
