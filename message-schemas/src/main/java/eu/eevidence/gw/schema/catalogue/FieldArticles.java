package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.MessageType;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The legal provision each field of a request implements (catalogue data in {@value #RESOURCE}): e.g.
 * {@code BUDAPEST_ART29_PRESERVATION.necessity} is ETS 185 Art. 29(2)(e). A field without its own entry inherits its
 * nearest ancestor's. Used as the help text of generated request forms; language-neutral (citations only).
 */
public final class FieldArticles {

    /** Classpath resource of the data. */
    public static final String RESOURCE = "/catalogue/field-articles-v1.properties";

    private static final Map<String, String> ARTICLES = load();

    private FieldArticles() {
    }

    /**
     * The provision for {@code path} of {@code type} ({@code offence.description}, list indices allowed and ignored:
     * {@code identifiers[2].value}), or of its nearest ancestor; empty when neither has one.
     */
    public static Optional<String> of(MessageType type, String path) {
        String p = path.replaceAll("\\[[0-9]*]", "");
        while (!p.isEmpty()) {
            String found = ARTICLES.get(type.name() + "." + p);
            if (found != null) {
                return Optional.of(found);
            }
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return Optional.empty();
    }

    /** Only the field's own entry, no inheritance. */
    public static Optional<String> own(MessageType type, String path) {
        return Optional.ofNullable(ARTICLES.get(type.name() + "." + path.replaceAll("\\[[0-9]*]", "")));
    }

    /** Every entry, key {@code TYPE.path}, sorted. */
    public static Map<String, String> all() {
        return ARTICLES;
    }

    private static Map<String, String> load() {
        try (InputStream in = FieldArticles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> m = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).strip()));
            return Collections.unmodifiableMap(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
