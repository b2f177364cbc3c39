package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the web console (ADR-0024), documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). The console otherwise answers with the API's codes ({@code api.ApiError},
 * {@code http.CommonError}). Codes never change meaning; new ones use the word style EEG-CONSOLE-&lt;WORDS&gt;.
 */
public enum ConsoleError implements ErrorCode {
    /** A console form (POST) without this person's valid CSRF token; nothing was changed. */
    CONSOLE_CSRF("EEG-CONSOLE-CSRF", 403, "Forbidden");

    private final String code;
    private final int status;
    private final String title;

    ConsoleError(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
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
    public String toString() {
        return code;
    }
}
