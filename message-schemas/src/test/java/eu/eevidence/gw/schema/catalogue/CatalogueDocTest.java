package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.Message;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.Sensitive;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/design/message-catalogue.md has a section for every message type, and its generated field reference
 * matches the model. Regenerate with -Deeg.regenerateDoc=true.
 */
class CatalogueDocTest {

    private static final Path DOC = Path.of("../docs/design/message-catalogue.md");
    private static final String BEGIN = "<!-- BEGIN GENERATED FIELD REFERENCE -->";
    private static final String END = "<!-- END GENERATED FIELD REFERENCE -->";

    @Test
    void everyTypeHasASectionAndTheFieldReferenceIsCurrent() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (MessageType t : MessageType.values()) {
            assertThat(doc).as(t.name()).contains("### `" + t.name() + "`");
        }
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        assertThat(b).isPositive();
        assertThat(e).isGreaterThan(b);
        String generated = BEGIN + "\n" + fieldReference() + END;
        if (Boolean.getBoolean("eeg.regenerateDoc")) {
            doc = doc.substring(0, b) + generated + doc.substring(e + END.length());
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
            b = doc.indexOf(BEGIN);
            e = doc.indexOf(END);
        }
        assertThat(doc.substring(b, e + END.length())).isEqualTo(generated);
    }

    static String fieldReference() {
        StringBuilder out = new StringBuilder();
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(Envelope.class);
        for (MessageType t : MessageType.values()) {
            todo.add(t.javaType());
        }
        while (!todo.isEmpty()) {
            Class<?> type = todo.poll();
            if (!seen.add(type)) {
                continue;
            }
            out.append("\n#### ").append(type.getName().substring(type.getPackageName().length() + 1).replace('$', '.'));
            if (Message.class.isAssignableFrom(type)) {
                MessageType mt = MessageType.of(type.asSubclass(Message.class));
                out.append(" (`").append(mt.name()).append("`, XML `").append(mt.xmlElement()).append("`)");
            }
            out.append("\n\n| field | type | required | notes |\n| --- | --- | --- | --- |\n");
            for (RecordComponent rc : type.getRecordComponents()) {
                Class<?> raw = rc.getType();
                boolean many = Collection.class.isAssignableFrom(raw);
                Class<?> value = raw;
                if (many) {
                    var arg = ((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[0];
                    value = (Class<?>) (arg instanceof ParameterizedType p ? p.getRawType() : arg);
                }
                Field f;
                try {
                    f = type.getDeclaredField(rc.getName());
                } catch (NoSuchFieldException ex) {
                    throw new IllegalStateException(ex);
                }
                boolean required = f.isAnnotationPresent(NotNull.class) || f.isAnnotationPresent(NotBlank.class) || f.isAnnotationPresent(NotEmpty.class);
                StringBuilder notes = new StringBuilder();
                if (f.isAnnotationPresent(Sensitive.class)) {
                    notes.append("**sensitive**; ");
                }
                if (f.isAnnotationPresent(SafeText.class)) {
                    notes.append("text, max ").append(f.getAnnotation(SafeText.class).max()).append(" chars; ");
                }
                if (value == MessageType.class) {
                    notes.append("JSON discriminator of the record's type; not an XML element; ");
                } else if (value.isEnum()) {
                    notes.append("one of ");
                    Object[] constants = value.getEnumConstants();
                    for (int i = 0; i < constants.length; i++) {
                        notes.append(i == 0 ? "" : ", ").append('`').append(((Enum<?>) constants[i]).name()).append('`');
                    }
                    notes.append("; ");
                } else if (value.isRecord()) {
                    todo.add(value);
                }
                String typeName = value.getName().substring(value.getPackageName().length() + 1).replace('$', '.');
                out.append("| `").append(rc.getName()).append("` | ").append(many ? "list of " : "").append(typeName)
                        .append(" | ").append(required ? "yes" : "no").append(" | ").append(notes.toString().replaceAll("; $", "")).append(" |\n");
            }
        }
        return out.toString();
    }
}
