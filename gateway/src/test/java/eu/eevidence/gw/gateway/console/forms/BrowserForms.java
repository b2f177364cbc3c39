package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.schema.MessageType;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Filling a request form in a browser from other packages' browser tests: the corpus's valid request of a type (as
 * {@link NewRequestBrowserIT} fills it), with some fields replaced.
 */
public final class BrowserForms {

    private BrowserForms() {
    }

    /**
     * Fills the open form of {@code type} with its corpus request, {@code overrides} (field name to value) applied and
     * the fields whose names start with one of {@code dropped} left out; "ok", or the first name the form has no field for.
     */
    public static String fillValid(BrowserSession s, MessageType type, Map<String, String> overrides, List<String> dropped)
            throws IOException {
        Map<String, List<String>> fields = NewRequestBrowserIT.browserFields(FormFixtures.posted(FormFixtures.validBody(type), null));
        fields.keySet().removeIf(k -> dropped.stream().anyMatch(k::startsWith));
        overrides.forEach((k, v) -> fields.put(k, List.of(v)));
        return NewRequestBrowserIT.js(s, NewRequestBrowserIT.FILL, fields);
    }
}
