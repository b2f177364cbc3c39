package eu.eevidence.gw.schema.validation;

/**
 * A record with rules that span several of its fields (e.g. "traffic data need a judicial authority").
 * The rules run inside Hibernate Validator through {@link CrossField}, so their violations come out of
 * {@link MessageValidator} with the same path and code format as the field constraints.
 */
@CrossField
public interface CrossFieldChecked {

    /** Reports every broken cross-field rule to {@code sink}; must not throw, must tolerate null fields. */
    void checkRules(RuleSink sink);

    /** Where a rule reports a failure: the offending property of this record (null = the record itself). */
    @FunctionalInterface
    interface RuleSink {
        void fail(String property, ValidationCode code);
    }
}
