package eu.eevidence.gw.gateway.console;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's text in one language: {@code console/messages{,_fr,_de}.properties} (UTF-8), {@link MessageFormat}
 * patterns. A missing key shows as {@code ??key??} (BundleCompletenessTest keeps that from happening).
 */
public final class Messages {

    public static final String BUNDLE = "console.messages";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ResourceBundle bundle;

    public Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK);
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key) {
        return get(key, new Object[0]);
    }

    private String pattern(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
    }

    public String get(String key, Object... args) {
        String pattern = pattern(key);
        return new MessageFormat(pattern, locale).format(args == null ? new Object[0] : args);
    }

    /** The text for {@code key} if the bundle has it, else {@code fallback} (for codes and enum names shown as they are). */
    public String getOr(String key, String fallback) {
        return bundle.containsKey(key) ? get(key) : fallback;
    }
}
