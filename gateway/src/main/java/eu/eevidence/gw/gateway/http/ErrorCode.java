package eu.eevidence.gw.gateway.http;

/**
 * A stable error or log code of the node (docs/errors.md, ADR-0025). Every code lives in one enum of the feature that
 * emits it; the enum constant is what code passes to {@link Problems}, exceptions and log lines. The plain libraries
 * (message-schemas, pki, custody-log, adapters) cannot see this interface and give their enums the same methods.
 */
public interface ErrorCode {

    /** What every code starts with. */
    String PREFIX = "EEG-";

    /** The stable code as emitted, e.g. {@code EEG-REQ-NOT-FOUND}. */
    String code();

    /** The HTTP status of a problem answer with this code; 0 for a code only logged, thrown or stored. */
    int status();

    /** A short human title (the problem's {@code title} when {@link Problems#of(ErrorCode, String)} is used). */
    String title();

    /**
     * The word-style alias of a published numeric code (e.g. {@code EEG-DDL-FLOOR-NOT-SHORTER} for {@code EEG-DDL-004}),
     * documented beside it for clients that match words; the node keeps emitting {@link #code()}. Null when none.
     */
    default String alias() {
        return null;
    }
}
