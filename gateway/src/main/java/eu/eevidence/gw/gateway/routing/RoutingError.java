package eu.eevidence.gw.gateway.routing;

/**
 * The error and log codes of the gateway feature <code>routing</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). This feature is in the bottom layer beside {@code http}, so it cannot implement
 * {@code http.ErrorCode} (ADR-0002: no dependency within a layer) and has the same methods instead (ADR-0025).
 * Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum RoutingError {
    CFG_002("EEG-CFG-002", 0, "Platform duplicate", "EEG-CFG-PLATFORM-DUPLICATE"),
    DIR_PEER_REMOVED("EEG-DIR-PEER-REMOVED", 0, "a request (or network outbox entry: withdrawal, answer, evidence) for a peer node that a …"),
    DIR_PLATFORM_REMOVED("EEG-DIR-PLATFORM-REMOVED", 0, "a request accepted for a platform that a later directory version removed: nothing is sent …"),
    NET_CONFIG("EEG-NET-CONFIG", 0, "Config"),
    NET_COUNTRY("EEG-NET-COUNTRY", 0, "Country"),
    NET_ID("EEG-NET-ID", 0, "Id");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    RoutingError(String code, int status, String title) {
        this(code, status, title, null);
    }

    RoutingError(String code, int status, String title, String alias) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.alias = alias;
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
        return alias;
    }

    @Override
    public String toString() {
        return code;
    }
}
