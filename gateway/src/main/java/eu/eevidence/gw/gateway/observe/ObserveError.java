package eu.eevidence.gw.gateway.observe;

/**
 * The log codes of the gateway feature <code>observe</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). This feature is in the bottom layer beside {@code http}, so it cannot implement
 * {@code http.ErrorCode} (ADR-0002: no dependency within a layer) and has the same methods instead (ADR-0025).
 */
public enum ObserveError {
    /** JSON log lines: a line of a library (Jetty, Artemis, CXF, Camel...) that carries no code of its own. */
    LOG_LIBRARY("EEG-LOG-LIBRARY", 0, "Library log line"),
    /** JSON log lines: a line of the node's own code without a code at its start (a defect to report). */
    LOG_UNCODED("EEG-LOG-UNCODED", 0, "Uncoded log line"),
    /** Configuration: the OTLP endpoint for traces is not an absolute http(s) URL with a host; the node does not start. */
    TRACE_OTLP_ENDPOINT("EEG-TRACE-OTLP-ENDPOINT", 0, "OTLP endpoint");

    private final String code;
    private final int status;
    private final String title;

    ObserveError(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String alias() {
        return null;
    }

    @Override
    public String toString() {
        return code;
    }
}
