package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.schema.MessageType;

/**
 * The texts of the generated forms in the person's language: {@code field.<component>}, {@code option.<constant>} and
 * {@code type.<MessageType>} of the console's bundles, falling back to the label derived from the schema (so a new field
 * or type is usable before it is translated; ConsoleBundlesTest keeps the three languages equal).
 */
public final class FormLabels {

    private FormLabels() {
    }

    public static String label(ConsolePage page, FormPage.Row row) {
        if (row.instance() > 0) {
            String group = row.name().substring(0, row.name().lastIndexOf('['));
            String local = group.substring(group.lastIndexOf('.') + 1).replaceAll("\\[[0-9]+]", "");
            return page.messages().getOr("field." + local, FormGenerator.label(local)) + " " + row.instance();
        }
        String key = row.labelKey();
        return key == null ? row.label() : page.messages().getOr(key, row.label());
    }

    /** The label of an error of the summary: its field's, or the violation's path when it is on no field. */
    public static String summary(ConsolePage page, FormPage.SummaryItem item) {
        return item.row() == null ? item.label() : label(page, item.row());
    }

    public static String option(ConsolePage page, FormPage.Row row, FormPage.Option option) {
        if (row.input() == FormNode.Kind.BOOLEAN) {
            return page.messages().getOr("forms." + option.value(), option.label());
        }
        if (row.input() == FormNode.Kind.COUNTRY) {
            return option.label();
        }
        return page.messages().getOr("option." + option.value(), option.label());
    }

    public static String type(ConsolePage page, MessageType type) {
        return page.messages().getOr("type." + type.name(), type.name());
    }
}
