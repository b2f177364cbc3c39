package eu.eevidence.gw.gateway.console.requests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One action's form as a template shows it: the request, the action, the values entered, the options of its selects, and
 * (after a refusal) the errors per field and for the whole form, each with the API's {@code EEG-*} code.
 *
 * @param confirm true on the confirmation step (the form then carries {@code confirmed=yes})
 */
public record ActionForm(String requestId, RequestAction action, Map<String, String> values, Map<String, List<Option>> options,
                         Map<String, String> fieldErrors, List<String> formErrors, boolean confirm) {

    /** An option of a select: its value and its label. */
    public record Option(String value, String label) {
    }

    public static ActionForm empty(String requestId, RequestAction action, Map<String, List<Option>> options) {
        return new ActionForm(requestId, action, Map.of(), options, Map.of(), List.of(), false);
    }

    public String value(String field) {
        String v = values.get(field);
        return v == null ? "" : v;
    }

    public List<Option> options(String field) {
        return options.getOrDefault(field, List.of());
    }

    public String error(String field) {
        return fieldErrors.get(field);
    }

    public boolean hasErrors() {
        return !fieldErrors.isEmpty() || !formErrors.isEmpty();
    }

    /** The id of a field's input, unique on the page (the request page shows every action's form). */
    public String inputId(String field) {
        return "f-" + action.id() + "-" + field;
    }

    public String hintId(String field) {
        return inputId(field) + "-hint";
    }

    public String errorId(String field) {
        return inputId(field) + "-error";
    }

    /** aria-describedby of a field: its hint, and its error when there is one. */
    public String describedBy(String field) {
        return fieldErrors.containsKey(field) ? hintId(field) + " " + errorId(field) : hintId(field);
    }

    public String path() {
        return "/console/requests/" + requestId + "/actions/" + action.id();
    }

    public ActionForm confirming(Map<String, String> entered) {
        return new ActionForm(requestId, action, new LinkedHashMap<>(entered), options, Map.of(), List.of(), true);
    }

    public ActionForm refused(Map<String, String> entered, Map<String, String> fields, List<String> form) {
        return new ActionForm(requestId, action, new LinkedHashMap<>(entered), options, fields, form, true);
    }
}
