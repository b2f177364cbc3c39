package eu.eevidence.gw.gateway.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a mail or a webhook says about an alarm: its kind and severity, the request (or case) id and type, the deadline
 * and a link into the console, and nothing else (no names, no addresses, no content of the request: ADR-0030). The
 * webhook body is a CloudEvents 1.0 event in structured JSON mode (https://github.com/cloudevents/spec).
 */
public final class AlarmContent {

    /** The CloudEvents type prefix; the kind (or {@code digest}) follows. */
    public static final String TYPE_PREFIX = "eu.eevidence.gw.alarm.";
    public static final String MEDIA_TYPE = "application/cloudevents+json; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI linkBase;

    public AlarmContent(URI linkBase) {
        String s = linkBase.toString();
        this.linkBase = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** The console page of the alarm's request or case (the console asks for the reader's certificate). */
    public URI link(Alarm a) {
        String id = URLEncoder.encode(a.about().requestId(), StandardCharsets.UTF_8);
        boolean isCase = Alarm.Subject.CASES_DESK.equals(a.about().desk()) || a.about().requestId().startsWith("CASE-");
        return URI.create(linkBase + (isCase ? "/console/cases/" : "/console/requests/") + id);
    }

    public String mailSubject(AlarmChannel.Batch b) {
        if (b.digest()) {
            return "[EEG] digest: " + b.alarms().size() + " alarm(s)";
        }
        Alarm a = b.alarms().get(0).alarm();
        return "[EEG] " + a.kind() + " " + a.about().requestId() + (a.about().requestType() == null ? "" : " " + a.about().requestType());
    }

    public String mailBody(AlarmChannel.Batch b) {
        StringBuilder out = new StringBuilder();
        for (AlarmChannel.Item i : b.alarms()) {
            Alarm a = i.alarm();
            out.append(a.kind()).append(" (").append(a.severity().name().toLowerCase(java.util.Locale.ROOT)).append(")\r\n")
                    .append("Request: ").append(a.about().requestId()).append("\r\n")
                    .append("Type: ").append(a.about().requestType() == null ? "-" : a.about().requestType()).append("\r\n")
                    .append("Deadline: ").append(a.about().deadline() == null ? "-" : a.about().deadline().toString()).append("\r\n")
                    .append("Open: ").append(link(a)).append("\r\n\r\n");
        }
        return out.toString();
    }

    /** The CloudEvent of a batch: one alarm, or a digest ({@code data.alarms}). */
    public String cloudEvent(AlarmChannel.Batch b, Instant now) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", b.id());
        e.put("source", linkBase.toString());
        // the occurrence: when the alarm was raised (a digest: when it was made); webhook-timestamp is the send time
        e.put("time", (b.digest() ? now : b.alarms().get(0).raisedAt()).toString());
        e.put("datacontenttype", "application/json");
        if (b.digest()) {
            e.put("type", TYPE_PREFIX + "digest");
            ArrayNode list = e.putObject("data").putArray("alarms");
            b.alarms().forEach(i -> list.add(data(i.alarm())));
        } else {
            Alarm a = b.alarms().get(0).alarm();
            e.put("type", TYPE_PREFIX + a.kind());
            e.put("subject", a.about().requestId());
            e.set("data", data(a));
        }
        try {
            return MAPPER.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private ObjectNode data(Alarm a) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("kind", a.kind());
        d.put("severity", a.severity().name().toLowerCase(java.util.Locale.ROOT));
        d.put("requestId", a.about().requestId());
        d.put("requestType", a.about().requestType());
        d.put("deadline", a.about().deadline() == null ? null : a.about().deadline().toString());
        d.put("link", link(a).toString());
        return d;
    }
}
