package eu.eevidence.gw.schema.xml;

import eu.eevidence.gw.schema.Message;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the Java model maps to XML, derived from the records themselves so that the binding and the XSD
 * cannot drift apart: every record component is an element of the same name, in component order; a
 * {@code List}/{@code Set} component is a repeated element; a {@link Message} component is a wrapper
 * element holding one element named {@link MessageType#xmlElement()}; a {@link MessageType} component is
 * implied by that element and not written.
 */
final class XmlModel {

    enum Kind { TEXT, INT, LONG, BOOLEAN, TIMESTAMP, ENUM, RECORD, MESSAGE, MESSAGE_TYPE }

    /** One component of a record as an XML element. */
    record Slot(String name, RecordComponent component, Kind kind, Class<?> valueType, boolean repeated,
                boolean required, Integer maxLength) {
    }

    private static final Map<Class<?>, List<Slot>> CACHE = new ConcurrentHashMap<>();

    private XmlModel() {
    }

    static List<Slot> slots(Class<?> recordType) {
        return CACHE.computeIfAbsent(recordType, XmlModel::compute);
    }

    private static List<Slot> compute(Class<?> recordType) {
        if (!recordType.isRecord()) {
            throw new IllegalArgumentException("not a record: " + recordType.getName());
        }
        List<Slot> out = new ArrayList<>();
        for (RecordComponent rc : recordType.getRecordComponents()) {
            Class<?> raw = rc.getType();
            boolean repeated = Collection.class.isAssignableFrom(raw);
            Class<?> value = raw;
            if (repeated) {
                Type arg = ((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[0];
                value = (Class<?>) (arg instanceof ParameterizedType p ? p.getRawType() : arg);
            }
            Field field;
            try {
                field = recordType.getDeclaredField(rc.getName());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            boolean required = field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class)
                    || field.isAnnotationPresent(NotEmpty.class)
                    || (repeated && field.isAnnotationPresent(Size.class) && field.getAnnotation(Size.class).min() > 0);
            Integer maxLength = null;
            if (!repeated && value == String.class) {
                if (field.isAnnotationPresent(SafeText.class)) {
                    maxLength = field.getAnnotation(SafeText.class).max();
                } else if (field.isAnnotationPresent(Size.class) && field.getAnnotation(Size.class).max() < Integer.MAX_VALUE) {
                    maxLength = field.getAnnotation(Size.class).max();
                }
            }
            out.add(new Slot(rc.getName(), rc, kindOf(value), value, repeated, required, maxLength));
        }
        return List.copyOf(out);
    }

    static Kind kindOf(Class<?> type) {
        if (type == String.class) {
            return Kind.TEXT;
        }
        if (type == Integer.class || type == int.class) {
            return Kind.INT;
        }
        if (type == Long.class || type == long.class) {
            return Kind.LONG;
        }
        if (type == Boolean.class || type == boolean.class) {
            return Kind.BOOLEAN;
        }
        if (type == OffsetDateTime.class) {
            return Kind.TIMESTAMP;
        }
        if (type == MessageType.class) {
            return Kind.MESSAGE_TYPE;
        }
        if (type.isEnum()) {
            return Kind.ENUM;
        }
        if (type == Message.class) {
            return Kind.MESSAGE;
        }
        if (type.isRecord()) {
            return Kind.RECORD;
        }
        throw new IllegalArgumentException("no XML mapping for " + type.getName());
    }

    /** XSD type name of a record or enum: its name inside the package, '$' replaced by '.'. */
    static String typeName(Class<?> type) {
        String pkg = type.getPackageName();
        return type.getName().substring(pkg.length() + 1).replace('$', '.');
    }
}
