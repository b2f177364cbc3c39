package eu.eevidence.gw.gateway.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmContentTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String DESK = "d3adbeefd3adbeefd3adbeefd3adbeefd3adbeefd3adbeefd3adbeefd3adbeef";
    private final AlarmContent content = new AlarmContent(URI.create("https://gw.at.example:8443/"));

    private static AlarmChannel.Batch one(Alarm a) {
        return new AlarmChannel.Batch("b-1", false, List.of(new AlarmChannel.Item(a, NOW)));
    }

    @Test
    void neitherTheMailNorTheEventCarriesTheDeskOrAnythingBeyondIdTypeAndDeadline() throws Exception {
        Alarm a = new Alarm.DeadlineBreach(new Alarm.Subject("REQ-7", "EPOC_PR", Instant.parse("2026-12-09T00:00:00Z"), "REQ-7/EPOC-PR-60", DESK));
        String event = content.cloudEvent(one(a), NOW);
        String mail = content.mailSubject(one(a)) + content.mailBody(one(a));
        for (String text : List.of(event, mail)) {
            assertFalse(text.contains(DESK), "the desk chooses subscribers and is never sent");
            assertFalse(text.contains("EPOC-PR-60"), "the deadline id is a key, not content");
        }
        JsonNode data = new ObjectMapper().readTree(event).get("data");
        List<String> fields = new java.util.ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("kind", "severity", "requestId", "requestType", "deadline", "link"), fields);
    }

    @Test
    void anEventIsACloudEventInStructuredMode() throws Exception {
        Alarm a = new Alarm.Emergency(new Alarm.Subject("CASE-9", "EPOC", null, "", Alarm.Subject.CASES_DESK));
        JsonNode e = new ObjectMapper().readTree(content.cloudEvent(one(a), NOW));
        assertEquals("1.0", e.get("specversion").asText());
        assertEquals("b-1", e.get("id").asText());
        assertEquals("https://gw.at.example:8443", e.get("source").asText());
        assertEquals("eu.eevidence.gw.alarm.emergency", e.get("type").asText());
        assertEquals("CASE-9", e.get("subject").asText());
        assertEquals("application/json", e.get("datacontenttype").asText());
        assertEquals(NOW.toString(), e.get("time").asText());
        assertEquals("https://gw.at.example:8443/console/cases/CASE-9", e.get("data").get("link").asText());
        assertTrue(e.get("data").get("deadline").isNull());
    }

    @Test
    void aDigestListsEveryAlarmInOneEventAndOneMail() throws Exception {
        Alarm w = new Alarm.DeadlineWarning(new Alarm.Subject("REQ-1", "EPOC", NOW, "x", DESK));
        Alarm n = new Alarm.NewCase(new Alarm.Subject("CASE-2", "MLA", NOW, "", Alarm.Subject.CASES_DESK));
        AlarmChannel.Batch digest = new AlarmChannel.Batch("d-1", true, List.of(new AlarmChannel.Item(w, NOW), new AlarmChannel.Item(n, NOW)));
        JsonNode e = new ObjectMapper().readTree(content.cloudEvent(digest, NOW));
        assertEquals("eu.eevidence.gw.alarm.digest", e.get("type").asText());
        assertEquals(2, e.get("data").get("alarms").size());
        assertEquals("[EEG] digest: 2 alarm(s)", content.mailSubject(digest));
        assertTrue(content.mailBody(digest).contains("https://gw.at.example:8443/console/requests/REQ-1"));
        assertTrue(content.mailBody(digest).contains("https://gw.at.example:8443/console/cases/CASE-2"));
    }
}
