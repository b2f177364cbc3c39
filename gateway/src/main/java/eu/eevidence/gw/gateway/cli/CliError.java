package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>cli</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum CliError implements ErrorCode {
    BENCH("EEG-BENCH", 0, "Benchmark result", "EEG-BENCH-RESULT"),
    /** serve: the URL of the web console (ADR-0024). */
    CONSOLE_URL("EEG-CONSOLE-URL", 0, "Web console URL"),
    CFG_007("EEG-CFG-007", 0, "Endpoint tls", "EEG-CFG-ENDPOINT-TLS"),
    CFG_008("EEG-CFG-008", 0, "Platforms file field", "EEG-CFG-PLATFORMS-FILE-FIELD"),
    CFG_DELEGATION("EEG-CFG-DELEGATION", 0, "a --signer-delegation is not TLS_FP=SIGNER_FP[,SIGNER_FP...] with SHA-256 fingerprints"),
    CLI_FAILED("EEG-CLI-FAILED", 0, "Failed"),
    CLI_IO("EEG-CLI-IO", 0, "Io"),
    CLI_USAGE("EEG-CLI-USAGE", 0, "Usage"),
    CMS_OPENED("EEG-CMS-OPENED", 0, "Opened"),
    CMS_PROTECTED("EEG-CMS-PROTECTED", 0, "Protected"),
    /** serve: where the development PKI was written (its root and a client's PKCS#12). */
    DEV_PKI("EEG-DEV-PKI", 0, "Development PKI"),
    DEMO_CLEANUP("EEG-DEMO-CLEANUP", 0, "Cleanup"),
    DEMO_FAILED("EEG-DEMO-FAILED", 0, "Failed"),
    DIR_SIGNED("EEG-DIR-SIGNED", 0, "Signed"),
    DIR_VALID("EEG-DIR-VALID", 0, "Valid"),
    NODE_START_FAILED("EEG-NODE-START-FAILED", 0, "Start failed"),
    NODE_STOP_DONE("EEG-NODE-STOP-DONE", 0, "Stop done"),
    NODE_STOP_TIMEOUT("EEG-NODE-STOP-TIMEOUT", 0, "Stop timeout"),
    PKI_CA_CREATED("EEG-PKI-CA-CREATED", 0, "Ca created"),
    PKI_CRL("EEG-PKI-CRL", 0, "Crl"),
    PKI_ISSUED("EEG-PKI-ISSUED", 0, "Issued"),
    PKI_REVOKED("EEG-PKI-REVOKED", 0, "Revoked");

    private final Spec spec;

    CliError(String code, int status, String title) {
        this(code, status, title, null);
    }

    CliError(String code, int status, String title, String alias) {
        this.spec = new Spec(code, status, title, alias);
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
