package eu.eevidence.gw.gateway.routing;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>routing</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum RoutingError implements ErrorCode {
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

    @Override
    public String code() {
        return code;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public String toString() {
        return code;
    }
}
