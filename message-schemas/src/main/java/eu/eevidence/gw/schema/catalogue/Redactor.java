package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Sensitive;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Produces copies of messages with every {@link Sensitive} field replaced by {@value #MARK} (strings, and
 * every string in a sensitive list), for log lines and for readers without the right to see victims' and
 * witnesses' data. The redacted copy is for display only: it is not meant to validate.
 */
public final class Redactor {

    public static final String MARK = "[REDACTED]";

    private Redactor() {
    }

    /** A redacted deep copy of a record (an Envelope, a Message, or any record of the model). */
    @SuppressWarnings("unchecked")
    public static <T extends Record> T redact(T record) {
        return (T) copy(record, false);
    }

    /** The canonical JSON of the redacted copy, as a string for log lines. */
    public static String redactedJson(Record record) {
        try {
            return new String(JsonCodec.canonicalMapper().writeValueAsBytes(redact(record)), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"redaction\":\"failed\"}";
        }
    }

    private static Object copy(Object value, boolean sensitive) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return sensitive ? MARK : value;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(copy(v, sensitive)));
            return out;
        }
        if (value instanceof Set<?> set) {
            Set<Object> out = new LinkedHashSet<>();
            set.forEach(v -> out.add(copy(v, sensitive)));
            return out;
        }
        if (value instanceof Collection<?>) {
            return value;
        }
        if (value instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    boolean mark = sensitive || record.getClass().getDeclaredField(components[i].getName()).isAnnotationPresent(Sensitive.class);
                    args[i] = copy(components[i].getAccessor().invoke(record), mark);
                }
                Constructor<?> ctor = record.getClass().getDeclaredConstructor(types);
                return ctor.newInstance(args);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot redact " + record.getClass().getSimpleName(), e);
            }
        }
        return value;
    }
}
