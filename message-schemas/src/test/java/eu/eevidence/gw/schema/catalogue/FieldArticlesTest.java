package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RequestFamily;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-field legal provisions are complete for every request type and name only fields that exist. */
class FieldArticlesTest {

    @Test
    void everyTopLevelFieldOfEveryRequestTypeNamesItsProvision() {
        List<String> missing = new ArrayList<>();
        for (MessageType t : MessageType.values()) {
            if (t.family() == RequestFamily.LIFECYCLE) {
                continue;
            }
            for (RecordComponent c : t.javaType().getRecordComponents()) {
                if (!c.getName().equals("type") && FieldArticles.own(t, c.getName()).isEmpty()) {
                    missing.add(t + "." + c.getName());
                }
            }
        }
        assertThat(missing).as("fields without a provision in " + FieldArticles.RESOURCE).isEmpty();
    }

    @Test
    void everyEntryNamesAnExistingFieldOfARequestType() {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : FieldArticles.all().entrySet()) {
            String[] parts = e.getKey().split("\\.");
            MessageType t;
            try {
                t = MessageType.valueOf(parts[0]);
            } catch (IllegalArgumentException ex) {
                stale.add(e.getKey());
                continue;
            }
            Class<?> at = t.javaType();
            for (int i = 1; i < parts.length && at != null; i++) {
                at = component(at, parts[i]);
            }
            if (at == null || t.family() == RequestFamily.LIFECYCLE && t != MessageType.CONTENT_REMOVED || e.getValue().isBlank()) {
                stale.add(e.getKey());
            }
        }
        assertThat(stale).as("entries naming no field").isEmpty();
    }

    @Test
    void theRemovalAnswerNamesItsProvisions() {
        assertThat(FieldArticles.of(MessageType.CONTENT_REMOVED, "removedAt")).hasValueSatisfying(v -> assertThat(v).contains("2021/784 Art. 3(6)"));
        assertThat(FieldArticles.of(MessageType.CONTENT_REMOVAL_ORDER, "content[1].hashes[3].value"))
                .hasValueSatisfying(v -> assertThat(v).contains("StopNCII"));
    }

    @Test
    void aNestedFieldInheritsItsAncestorsProvisionAndIndicesAreIgnored() {
        assertThat(FieldArticles.of(MessageType.BUDAPEST_ART29_PRESERVATION, "offence.description")).contains("ETS 185 Art. 29(2)(b)");
        assertThat(FieldArticles.of(MessageType.PROTOCOL_ART7_SUBSCRIBER_ORDER, "order.offences[1].legalProvision")).contains("CETS 224 Art. 7(3)(d)");
        assertThat(FieldArticles.of(MessageType.EU_EPOC, "nothing")).isEmpty();
    }

    /** The class of the component (the element class for a collection), or null when there is none by that name. */
    private static Class<?> component(Class<?> owner, String name) {
        if (!owner.isRecord()) {
            return null;
        }
        for (RecordComponent c : owner.getRecordComponents()) {
            if (c.getName().equals(name)) {
                if (Collection.class.isAssignableFrom(c.getType()) && c.getGenericType() instanceof ParameterizedType p) {
                    Type arg = p.getActualTypeArguments()[0];
                    return arg instanceof Class<?> k ? k : null;
                }
                return c.getType();
            }
        }
        return null;
    }
}
