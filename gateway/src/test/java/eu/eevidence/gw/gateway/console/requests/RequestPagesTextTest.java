package eu.eevidence.gw.gateway.console.requests;

import eu.eevidence.gw.gateway.deadline.DeadlineState;
import eu.eevidence.gw.gateway.order.RequestState;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys the request pages build at run time (actions, fields, alarms, bands, states) exist in the three bundles. */
class RequestPagesTextTest {

    static List<String> dynamicKeys() {
        List<String> keys = new ArrayList<>();
        for (RequestAction a : RequestAction.values()) {
            keys.add("action." + a.id());
            for (RequestAction.Field f : a.fields()) {
                keys.add("action.field." + f.name());
                keys.add("action.hint." + f.name());
            }
        }
        for (Alarms.Kind k : Alarms.Kind.values()) {
            keys.add("alarm." + k.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String band : RequestViews.BANDS) {
            keys.add("band." + band);
        }
        RequestAction.EVENTS.forEach(e -> keys.add("event." + e));
        for (eu.eevidence.gw.gateway.order.EventCode e : eu.eevidence.gw.gateway.order.EventCode.values()) {
            keys.add("event." + e.name()); // the timeline's events
        }
        for (RequestState s : RequestState.values()) {
            keys.add("state." + s.name());
        }
        for (DeadlineState s : DeadlineState.values()) {
            keys.add("deadline." + s.name());
        }
        return keys;
    }

    @Test
    void everyKeyBuiltAtRunTimeExistsInEnglishFrenchAndGerman() throws Exception {
        for (String suffix : new String[] {"", "_fr", "_de"}) {
            Properties p = new Properties();
            try (InputStream in = getClass().getResourceAsStream("/console/messages" + suffix + ".properties")) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            assertThat(p.stringPropertyNames()).as("messages" + suffix).containsAll(dynamicKeys());
        }
    }

    @Test
    void theRequesterEventsAreTheOnesTheApiRecords() throws Exception {
        var f = eu.eevidence.gw.gateway.action.RequestActions.class.getDeclaredField("REQUESTER_EVENTS");
        f.setAccessible(true);
        List<String> api = ((java.util.Map<?, ?>) f.get(null)).keySet().stream().map(String::valueOf).toList();
        assertThat(api).containsExactlyElementsOf(RequestAction.EVENTS);
    }

    @Test
    void aLocalDateTimeIsSentWithThePersonsOffsetAndAnythingElseAsTyped() {
        assertThat(RequestPages.withOffset("2027-01-10T12:00", ZoneId.of("Europe/Vienna"))).isEqualTo("2027-01-10T12:00+01:00");
        assertThat(RequestPages.withOffset("2027-07-10T12:00", ZoneId.of("Europe/Vienna"))).isEqualTo("2027-07-10T12:00+02:00");
        assertThat(RequestPages.withOffset("2027-01-10T12:00", ZoneOffset.UTC)).isEqualTo("2027-01-10T12:00Z");
        assertThat(RequestPages.withOffset("tomorrow", ZoneOffset.UTC)).isEqualTo("tomorrow");
    }
}
