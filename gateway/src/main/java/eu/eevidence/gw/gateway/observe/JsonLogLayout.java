package eu.eevidence.gw.gateway.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object per log line (ADR-0027, {@code serve --log-format json}): {@code time} (UTC, ISO-8601), {@code level},
 * {@code code} (the stable EEG code at the start of the message; {@code EEG-LOG-LIBRARY} for a library's line without
 * one), {@code requestId} and {@code traceId} (from the diagnostic context, when set), {@code logger}, {@code thread},
 * {@code message} and, for a failure, {@code error} (the exception's class names only: a stack trace or exception
 * message may quote input). Lines of the node never hold personal data (house rule); this layout adds none.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    private static final Pattern CODE = Pattern.compile("^(EEG-[A-Z0-9]+(?:-[A-Z0-9]+)*)\\b");
    private static final JsonFactory JSON = new JsonFactory();
    private static final String OWN = "eu.eevidence";

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage();
            g.writeStringField("code", codeOf(message, event.getLoggerName()));
            Map<String, String> mdc = event.getMDCPropertyMap();
            writeIfSet(g, "requestId", mdc == null ? null : mdc.get(LogContext.REQUEST_ID));
            writeIfSet(g, "traceId", mdc == null ? null : mdc.get(LogContext.TRACE_ID));
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", message);
            writeIfSet(g, "error", errorOf(event.getThrowableProxy()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    /** The code a line starts with; else EEG-LOG-LIBRARY for a library's line, EEG-LOG-UNCODED for the node's own. */
    static String codeOf(String message, String logger) {
        Matcher m = CODE.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        return logger != null && logger.startsWith(OWN) ? ObserveError.LOG_UNCODED.code() : ObserveError.LOG_LIBRARY.code();
    }

    private static String errorOf(IThrowableProxy t) {
        if (t == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(t.getClassName());
        for (IThrowableProxy c = t.getCause(); c != null && b.length() < 500; c = c.getCause()) {
            b.append(" <- ").append(c.getClassName());
        }
        return b.toString();
    }

    private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
