package eu.eevidence.gw.sim;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the simulations, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum SimError implements ErrorCode {
    BENCH_ARGS("EEG-BENCH-ARGS", 0, "Args"),
    BENCH_POLL("EEG-BENCH-POLL", 0, "Poll"),
    SIM_001("EEG-SIM-001", 0, "scenario malformed; unknown scenario name", "EEG-SIM-SCENARIO-MALFORMED"),
    SIM_002("EEG-SIM-002", 0, "scenario malformed; unknown scenario name", "EEG-SIM-SCENARIO-UNKNOWN"),
    SIM_010("EEG-SIM-010", 0, "needs countries, traffic and durationDays > 0", "EEG-SIM-WORLD-INCOMPLETE"),
    SIM_011("EEG-SIM-011", 0, "a country or platform id appears twice", "EEG-SIM-WORLD-DUPLICATE-ID"),
    SIM_012("EEG-SIM-012", 0, "a route names an unknown country or platform", "EEG-SIM-WORLD-UNKNOWN-ROUTE"),
    SIM_013("EEG-SIM-013", 0, "unknown fault kind, or a fault names an unknown target", "EEG-SIM-WORLD-FAULT"),
    SIM_014("EEG-SIM-014", 0, "no world scenario of that name", "EEG-SIM-WORLD-UNKNOWN"),
    SIM_020("EEG-SIM-020", 0, "no message template for an instrument", "EEG-SIM-NO-TEMPLATE");

    private final Spec spec;

    SimError(String code, int status, String title) {
        this(code, status, title, null);
    }

    SimError(String code, int status, String title, String alias) {
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
