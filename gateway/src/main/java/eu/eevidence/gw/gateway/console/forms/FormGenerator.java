package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.Sensitive;
import eu.eevidence.gw.schema.catalogue.FieldArticles;
import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Builds a {@link FormModel} from the catalogue's Java model by reflection over the request's record components and their
 * Jakarta Validation constraints (the same annotations the API's validator enforces): required ({@code @NotNull},
 * {@code @NotBlank}, {@code @NotEmpty}, {@code @Size(min >= 1)}), maximum length ({@code @Size}, {@code @SafeText}),
 * pattern ({@code @Pattern}), range ({@code @Min}, {@code @Max}), enumerations, countries, time stamps, nested records and
 * lists of records (repeated groups). The legal provision of each field comes from the catalogue data
 * ({@link FieldArticles}). Models are immutable and cached per type.
 */
final class FormGenerator {

    /** Free text longer than this is a text area. */
    static final int TEXTAREA_FROM = 301;

    private static final ConcurrentMap<MessageType, FormModel> CACHE = new ConcurrentHashMap<>();
    private static final List<String> COUNTRIES = List.copyOf(new TreeSet<>(Set.of(Locale.getISOCountries())));

    private FormGenerator() {
    }

    static FormModel generate(MessageType type) {
        return CACHE.computeIfAbsent(type, t -> new FormModel(t, nodes(t, t.javaType(), "")));
    }

    private static List<FormNode> nodes(MessageType type, Class<?> record, String prefix) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException("not a record: " + record.getName());
        }
        List<FormNode> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getType() == MessageType.class) {
                continue; // the discriminator: implied by the form's type
            }
            out.add(node(type, record, c, prefix.isEmpty() ? c.getName() : prefix + "." + c.getName()));
        }
        return out;
    }

    private static FormNode node(MessageType type, Class<?> owner, RecordComponent c, String name) {
        AnnotatedElement a = annotations(owner, c);
        Class<?> raw = c.getType();
        String label = label(c.getName());
        String article = FieldArticles.of(type, name).orElse(null);
        boolean required = a.isAnnotationPresent(NotNull.class) || a.isAnnotationPresent(NotBlank.class) || a.isAnnotationPresent(NotEmpty.class);
        Size size = a.getAnnotation(Size.class);
        if (Collection.class.isAssignableFrom(raw)) {
            Class<?> element = elementType(c.getGenericType(), name);
            boolean atLeastOne = a.isAnnotationPresent(NotEmpty.class) || (size != null && size.min() >= 1);
            if (element.isEnum()) {
                return new FormNode.Field(name, label, FormNode.Kind.ENUM_SET, FormNode.Rules.required(atLeastOne), constants(element), article,
                        null, false);
            }
            if (element == String.class) {
                return new FormNode.Field(name, label, FormNode.Kind.LINES, FormNode.Rules.required(atLeastOne), List.of(), article,
                        null, a.isAnnotationPresent(Sensitive.class));
            }
            if (element.isRecord()) {
                return new FormNode.Group(name, label, atLeastOne, true, size == null || size.max() == Integer.MAX_VALUE ? null : size.max(), article,
                        nodes(type, element, name));
            }
            throw new IllegalArgumentException("no form input for a list of " + element.getName() + " at " + type + "." + name);
        }
        if (raw.isRecord()) {
            return new FormNode.Group(name, label, required, false, null, article, nodes(type, raw, name));
        }
        boolean sensitive = a.isAnnotationPresent(Sensitive.class);
        if (raw == String.class) {
            Integer maxLength = size != null && size.max() != Integer.MAX_VALUE ? Integer.valueOf(size.max()) : null;
            SafeText safe = a.getAnnotation(SafeText.class);
            if (safe != null) {
                maxLength = maxLength == null ? safe.max() : Math.min(maxLength, safe.max());
            }
            if (a.isAnnotationPresent(CountryCode.class)) {
                return new FormNode.Field(name, label, FormNode.Kind.COUNTRY, new FormNode.Rules(required, 2, "^[A-Z]{2}$", null, null), COUNTRIES, article,
                        hint(ValidationCode.COUNTRY.code()), sensitive);
            }
            Pattern pattern = a.getAnnotation(Pattern.class);
            FormNode.Kind kind = maxLength != null && maxLength >= TEXTAREA_FROM ? FormNode.Kind.TEXTAREA : FormNode.Kind.TEXT;
            FormNode.Rules rules = new FormNode.Rules(required, maxLength, pattern == null ? null : pattern.regexp(), null, null);
            return new FormNode.Field(name, label, kind, rules, List.of(),
                    article, pattern == null ? null : hint(pattern.message()), sensitive);
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            Min min = a.getAnnotation(Min.class);
            Max max = a.getAnnotation(Max.class);
            return new FormNode.Field(name, label, FormNode.Kind.INTEGER, new FormNode.Rules(required, null, null, min == null ? null : min.value(),
                    max == null ? null : max.value()), List.of(), article, null, sensitive);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new FormNode.Field(name, label, FormNode.Kind.BOOLEAN, FormNode.Rules.required(required), List.of("true", "false"), article,
                    null, sensitive);
        }
        if (raw == OffsetDateTime.class) {
            return new FormNode.Field(name, label, FormNode.Kind.DATETIME, FormNode.Rules.required(required), List.of(), article,
                    hint(ValidationCode.JSON_TIMESTAMP.code()), sensitive);
        }
        if (raw.isEnum()) {
            return new FormNode.Field(name, label, FormNode.Kind.ENUM, FormNode.Rules.required(required), constants(raw), article, null, sensitive);
        }
        throw new IllegalArgumentException("no form input for " + raw.getName() + " at " + type + "." + name);
    }

    /**
     * Where the component's constraints are readable: Jakarta constraints do not target record components, so the compiler
     * propagates them to the private field (the catalogue's own annotations target both).
     */
    private static AnnotatedElement annotations(Class<?> owner, RecordComponent c) {
        try {
            return owner.getDeclaredField(c.getName());
        } catch (NoSuchFieldException e) {
            return c;
        }
    }

    private static Class<?> elementType(Type generic, String name) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> k) {
            return k;
        }
        throw new IllegalArgumentException("unsupported collection at " + name);
    }

    private static List<String> constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
    }

    private static String hint(String code) {
        return code == null ? null : ValidationCode.byCode(code).map(ValidationCode::message).orElse(null);
    }

    /** {@code requestingAuthority} to "Requesting authority". */
    static String label(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                sb.append(' ').append(Character.toLowerCase(ch));
            } else {
                sb.append(i == 0 ? Character.toUpperCase(ch) : ch);
            }
        }
        return sb.toString();
    }
}
