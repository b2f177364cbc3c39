package eu.eevidence.gw.gateway.statistics;

import eu.eevidence.gw.gateway.http.ErrorCode;

/** The error and log codes of the gateway feature <code>statistics</code> (ADR-0037), documented in docs/errors.md. */
public enum StatisticsError implements ErrorCode {
    PERIOD("EEG-STAT-PERIOD", 422, "Not a period of the published statistics"),
    PERIOD_OPEN("EEG-STAT-PERIOD-OPEN", 409, "The period has not ended yet"),
    TABLE("EEG-STAT-TABLE", 422, "Not a published table"),
    FILTER("EEG-STAT-FILTER", 422, "Not a dimension or value of the table"),
    FORMAT("EEG-STAT-FORMAT", 422, "Not an export format"),
    ROLE("EEG-STAT-ROLE", 403, "Statistics need a statistics role"),
    CONFIG("EEG-STAT-CONFIG", 0, "Malformed protected-data settings"),
    RELEASED("EEG-STAT-RELEASED", 0, "Released");

    private final Spec spec;

    StatisticsError(String code, int status, String title) {
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
