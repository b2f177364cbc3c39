package eu.eevidence.gw.gateway.victim;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>victim</code> (offence categories and victims' attributes, ADR-0037),
 * documented in docs/errors.md and checked there by ErrorCodesTest.
 */
public enum VictimError implements ErrorCode {
    CATEGORY("EEG-VICTIM-CATEGORY", 422, "Unknown or missing offence category"),
    VALUE("EEG-VICTIM-VALUE", 422, "A victim attribute outside its list"),
    FIELD("EEG-VICTIM-FIELD", 422, "A field that victim data do not have"),
    INCONSISTENT("EEG-VICTIM-INCONSISTENT", 422, "Victim attributes that contradict each other"),
    NONE("EEG-VICTIM-NONE", 404, "No victim data recorded for this request"),
    ROLE("EEG-VICTIM-ROLE", 403, "Victim data are not visible to this role"),
    RECORDED("EEG-VICTIM-RECORDED", 0, "Recorded");

    private final Spec spec;

    VictimError(String code, int status, String title) {
        this.spec = new Spec(code, status, title, null);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.code();
    }
}
