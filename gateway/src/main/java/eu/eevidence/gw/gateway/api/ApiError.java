package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>api</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum ApiError implements ErrorCode {
    ACT_HOLD_REASON("EEG-ACT-HOLD-REASON", 422, "Invalid action"),
    ACT_TIMESTAMP("EEG-ACT-TIMESTAMP", 422, "Invalid action"),
    AUTH_NO_CERT("EEG-AUTH-NO-CERT", 401, "Client certificate required"),
    AUTH_REVOKED_LIST("EEG-AUTH-REVOKED-LIST", 0, "revocation list (re)loaded; unreadable (the previous list stays)"),
    AUTH_REVOKED_LIST_UNREADABLE("EEG-AUTH-REVOKED-LIST-UNREADABLE", 0, "Revoked list unreadable"),
    AUTH_ROLE("EEG-AUTH-ROLE", 403, "Forbidden"),
    CASE_DECISION("EEG-CASE-DECISION", 422, "Invalid decision"),
    CASE_QUERY("EEG-CASE-QUERY", 400, "Invalid query"),
    CFG_HTTP("EEG-CFG-HTTP", 0, "an HTTPS edge bound out of range"),
    CUS_ARCHIVE_FAILED("EEG-CUS-ARCHIVE-FAILED", 0, "Archive failed"),
    /** A court bundle with the evidence items' bytes was asked by someone other than the request's submitter (ADR-0029). */
    CUS_BUNDLE_ITEMS("EEG-CUS-BUNDLE-ITEMS", 403, "Evidence items not for this caller"),
    /** Log code: a court bundle could not be assembled or signed (ADR-0029); the caller got 503 EEG-CUS-UNAVAILABLE. */
    CUS_BUNDLE_FAILED("EEG-CUS-BUNDLE-FAILED", 0, "Bundle failed"),
    CUS_SERVE_FAILED("EEG-CUS-SERVE-FAILED", 0, "Serve failed"),
    CUS_UNAVAILABLE("EEG-CUS-UNAVAILABLE", 503, "Custody log unavailable"),
    /** Family EEG-HTTP-&lt;status&gt;: EEG-HTTP-{HTTP status}, see {@link #withStatus(int)}. */
    HTTP("EEG-HTTP", 0, "HTTP error status of the edge or JAX-RS"),
    /** A state-changing request a browser marks as coming from another site (403). */
    HTTP_CROSS_SITE("EEG-HTTP-CROSS-SITE", 403, "Forbidden"),
    HTTP_404("EEG-HTTP-404", 404, "Not found"),
    HTTP_405("EEG-HTTP-405", 0, "unknown path, wrong method, body too large, not application/json UTF-8"),
    HTTP_408("EEG-HTTP-408", 408, "Request Timeout"),
    HTTP_415("EEG-HTTP-415", 415, "Unsupported Media Type"),
    HTTP_431("EEG-HTTP-431", 431, "request headers over the limit (16 KiB by default; the same on HTTP/1.1 and HTTP/2)"),
    HTTP_ANON_CONNECTIONS("EEG-HTTP-ANON-CONNECTIONS", 0, "TLS connections without a client certificate closed after their handshake: the bound …"),
    HTTP_BUSY("EEG-HTTP-BUSY", 503, "too many requests without a client certificate in flight on the public endpoints (health, …"),
    HTTP_CLIENT_GONE("EEG-HTTP-CLIENT-GONE", 400, "Client closed the connection"),
    HTTP_DUPLICATE_HEADER("EEG-HTTP-DUPLICATE-HEADER", 400, "Duplicate header"),
    HTTP_START("EEG-HTTP-START", 0, "the HTTPS endpoint could not start; an error while it stopped"),
    HTTP_STOP("EEG-HTTP-STOP", 0, "the HTTPS endpoint could not start; an error while it stopped"),
    INTERNAL("EEG-INTERNAL", 500, "Internal error", "EEG-API-INTERNAL"),
    NET_TOO_LARGE("EEG-NET-TOO-LARGE", 413, "Payload too large"),
    NO_XML("EEG-API-NO-XML", 406, "Not acceptable"),
    QUERY_BOOLEAN("EEG-QUERY-BOOLEAN", 0, "Boolean"),
    QUERY_INVALID("EEG-QUERY-INVALID", 400, "Invalid query"),
    QUERY_RANGE("EEG-QUERY-RANGE", 0, "Range"),
    QUERY_SORT("EEG-QUERY-SORT", 0, "Sort"),
    QUERY_STATE("EEG-QUERY-STATE", 0, "State"),
    QUERY_TIMESTAMP("EEG-QUERY-TIMESTAMP", 0, "Timestamp"),
    QUERY_VALUE("EEG-QUERY-VALUE", 0, "Value"),
    RATE_LIMITED("EEG-RATE-LIMITED", 429, "Too many requests"),
    REM_NOT_FOUND("EEG-REM-NOT-FOUND", 404, "Not found"),
    REM_TOO_LARGE("EEG-REM-TOO-LARGE", 413, "Payload too large"),
    REQ_IDEMPOTENCY_CONFLICT("EEG-REQ-IDEMPOTENCY-CONFLICT", 409, "Conflict"),
    RET_HOLD("EEG-RET-HOLD", 409, "Conflict"),
    RET_NOT_CLOSED("EEG-RET-NOT-CLOSED", 409, "Conflict");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    ApiError(String code, int status, String title) {
        this(code, status, title, null);
    }

    ApiError(String code, int status, String title, String alias) {
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

    /** The code of a status family member, e.g. {@code EEG-DLV-HTTP-503}. */
    public String withStatus(int httpStatus) {
        return code + "-" + httpStatus;
    }

    @Override
    public String toString() {
        return code;
    }
}
