package eu.eevidence.gw.gateway.console.forms;

import java.util.List;

/**
 * One element of a generated request form: an input ({@link Field}) or a group of them ({@link Group}, a nested record of
 * the catalogue; repeated when the schema has a list of records). {@code name} is the field's path in the request's
 * JSON without list indices ({@code offence.description}, {@code identifiers.value}); a rendered instance inserts the
 * indices ({@code identifiers[0].value}), which are exactly the paths of the API's violations ({@code $.identifiers[0].value}).
 */
public sealed interface FormNode permits FormNode.Field, FormNode.Group {

    String name();

    String label();

    boolean required();

    /** The legal provision the element implements (catalogue data, inherited from its ancestors), or null. */
    String article();

    /** The kind of input of a field. */
    enum Kind {
        /** One line of text. */
        TEXT,
        /** Free text of more than 300 characters. */
        TEXTAREA,
        /** Whole number. */
        INTEGER,
        /** Yes / no (rendered as a choice with an empty option, so that "not answered" is not "no"). */
        BOOLEAN,
        /** Date and time: a local date-time plus a time zone, sent with its offset. */
        DATETIME,
        /** One value of an enumeration. */
        ENUM,
        /** A set of values of an enumeration (check boxes). */
        ENUM_SET,
        /** ISO 3166-1 alpha-2 country code (the JDK list the validator uses). */
        COUNTRY,
        /** A list of free texts (e.g. an answer's questions): a text area, one entry per line. */
        LINES
    }

    /**
     * The schema's constraints on one input.
     *
     * @param required   the API refuses the request without it
     * @param maxLength  the schema's maximum length (code points), or null
     * @param pattern    the schema's pattern (a Java regular expression, full match), or null
     * @param min        the schema's minimum of a number, or null
     * @param max        the schema's maximum of a number, or null
     */
    record Rules(boolean required, Integer maxLength, String pattern, Long min, Long max) {

        static Rules required(boolean required) {
            return new Rules(required, null, null, null, null);
        }
    }

    /**
     * One input.
     *
     * @param rules      the schema's constraints
     * @param options    the values of an enumeration (constant names), or of the country list; empty otherwise
     * @param hint       the format the schema expects, from the message of its validation code (e.g. E.164 phone), or null
     * @param sensitive  the value identifies victims or witnesses ({@code @Sensitive}); shown as a notice
     */
    record Field(String name, String label, Kind kind, Rules rules, List<String> options, String article, String hint, boolean sensitive)
            implements FormNode {
        public Field {
            options = List.copyOf(options);
        }

        @Override
        public boolean required() {
            return rules.required();
        }

        public Integer maxLength() {
            return rules.maxLength();
        }

        public String pattern() {
            return rules.pattern();
        }

        public Long min() {
            return rules.min();
        }

        public Long max() {
            return rules.max();
        }
    }

    /**
     * A nested record; {@code repeated} when the schema has a list of it.
     *
     * @param maxOccurs the schema's maximum number of instances of a repeated group, or null
     */
    record Group(String name, String label, boolean required, boolean repeated, Integer maxOccurs, String article, List<FormNode> children)
            implements FormNode {
        public Group {
            children = List.copyOf(children);
        }
    }
}
