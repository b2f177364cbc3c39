package eu.eevidence.gw.gateway.victim;

import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VictimDataTest {

    static VictimData.Parsed parse(String json) {
        return VictimData.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> codes(VictimData.Parsed p) {
        return p.violations().stream().map(Violation::code).toList();
    }

    @Test
    void badValuesAreRefusedWithStableCodesAndNeverEchoed() {
        assertThat(codes(parse("{}"))).containsExactly("EEG-VICTIM-CATEGORY");
        assertThat(codes(parse("[1]"))).containsExactly("EEG-VICTIM-FIELD");
        assertThat(codes(parse("not json"))).containsExactly("EEG-VICTIM-FIELD");
        assertThat(codes(parse("{\"offenceCategory\":\"REVENGE\"}"))).containsExactly("EEG-VICTIM-CATEGORY");
        assertThat(codes(parse("{\"offenceCategory\":\"NCII\",\"victim\":{\"sex\":\"F\"}}"))).containsExactly("EEG-VICTIM-VALUE");
        assertThat(codes(parse("{\"offenceCategory\":\"NCII\",\"victim\":{\"ageBand\":17}}"))).containsExactly("EEG-VICTIM-VALUE");
        assertThat(codes(parse("{\"offenceCategory\":\"NCII\",\"victim\":{\"minor\":\"yes\"}}"))).containsExactly("EEG-VICTIM-VALUE");
        assertThat(codes(parse("{\"offenceCategory\":\"NCII\",\"victim\":{\"name\":\"Jane Roe\"}}"))).containsExactly("EEG-VICTIM-FIELD");
        assertThat(codes(parse("{\"offenceCategory\":\"NCII\",\"victim\":{\"minor\":true,\"ageBand\":\"AGE_25_34\"}}")))
                .containsExactly("EEG-VICTIM-INCONSISTENT");
        VictimData.Parsed p = parse("{\"offenceCategory\":\"NCII\",\"victim\":{\"relationship\":\"Jane Roe's ex\"},\"x y\":1}");
        assertThat(p.data()).isNull();
        assertThat(p.violations().toString()).doesNotContain("Jane", "x y");
    }

    @Test
    void validDataRoundTrip() {
        VictimData.Parsed p = parse("{\"offenceCategory\":\"SEXTORTION\",\"victim\":{\"sex\":\"FEMALE\",\"ageBand\":\"AGE_14_17\","
                + "\"relationship\":\"FORMER_PARTNER\",\"disability\":\"NO\"}}");
        assertThat(p.violations()).isEmpty();
        VictimData d = p.data();
        assertThat(d.victim().minorOrImplied()).isTrue();
        assertThat(VictimData.fromJson(d.toJson())).isEqualTo(d);
        VictimData bare = parse("{\"offenceCategory\":\"OTHER\"}").data();
        assertThat(bare.victim()).isEqualTo(VictimAttributes.NONE);
        assertThat(bare.victim().minorOrImplied()).isNull();
    }

    @Test
    void everyCategoryNamesItsSource() {
        for (OffenceCategory c : OffenceCategory.values()) {
            assertThat(c.source()).as(c.name()).isNotBlank();
        }
    }
}
