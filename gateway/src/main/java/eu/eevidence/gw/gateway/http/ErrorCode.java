package eu.eevidence.gw.gateway.http;

/**
 * A stable error or log code of the node (docs/errors.md, ADR-0025). Every code lives in one enum of the feature that
 * emits it; the enum constant is what code passes to {@link Problems}, exceptions and log lines. The plain libraries
 * (message-schemas, pki, custody-log, adapters) cannot see this interface and give their enums the same methods.
 */
public interface ErrorCode {

    /** What every code starts with. */
    String PREFIX = "EEG-";

    /**
     * The four facts of a code, held by each enum constant, so that an enum needs only its constants, a constructor and
     * {@link #spec()} (the accessors below read it).
     */
    record Spec(String code, int status, String title, String alias) {
    }

    /** What the accessors read; null for an implementation that overrides code(), status() and title() itself. */
    default Spec spec() {
        return null;
    }

    /** The stable code as emitted, e.g. {@code EEG-REQ-NOT-FOUND}. */
    default String code() {
        return spec().code();
    }

    /** The HTTP status of a problem answer with this code; 0 for a code only logged, thrown or stored. */
    default int status() {
        return spec().status();
    }

    /** A short human title (the problem's {@code title} when {@link Problems#of(ErrorCode, String)} is used). */
    default String title() {
        return spec().title();
    }

    /**
     * The word-style alias of a published numeric code (e.g. {@code EEG-DDL-FLOOR-NOT-SHORTER} for {@code EEG-DDL-004}),
     * documented beside it for clients that match words; the node keeps emitting {@link #code()}. Null when none.
     */
    default String alias() {
        Spec spec = spec();
        return spec == null ? null : spec.alias();
    }
}
