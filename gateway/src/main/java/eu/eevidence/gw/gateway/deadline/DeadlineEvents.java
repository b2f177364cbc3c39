package eu.eevidence.gw.gateway.deadline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a deadline event on the broker topic (stable field names; consumers are notification adapters). */
public final class DeadlineEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadlineEvents() {
    }

    public static String json(DeadlineEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", e.requestId());
        m.put("rule", e.ruleId());
        m.put("dueAt", e.dueAt() == null ? null : e.dueAt().toString());
        m.put("firedAt", e.firedAt().toString());
        if (e instanceof DeadlineEvent.Warning w) {
            m.put("event", "DEADLINE_WARNING");
            m.put("label", w.label());
            m.put("source", w.source());
        } else if (e instanceof DeadlineEvent.Due d) {
            m.put("event", switch (d.action()) {
                case BREACH -> "DEADLINE_BREACHED";
                case EXPIRY -> "DEADLINE_EXPIRED";
                case INFORMATIONAL -> "DEADLINE_WINDOW_CLOSED";
            });
            m.put("source", d.source());
        }
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
