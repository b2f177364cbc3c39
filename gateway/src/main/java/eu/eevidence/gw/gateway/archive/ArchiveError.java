package eu.eevidence.gw.gateway.archive;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>archive</code> (secure archiving of ended requests, ADR-0039),
 * documented in docs/errors.md and checked there by ErrorCodesTest.
 */
public enum ArchiveError implements ErrorCode {
    NOT_ENDED("EEG-ARCHIVE-NOT-ENDED", 409, "Only an ended request can be archived"),
    ALREADY("EEG-ARCHIVE-ALREADY", 409, "The request is already archived"),
    READ_ONLY("EEG-ARCHIVE-READ-ONLY", 409, "The request is archived and read only"),
    REASON("EEG-ARCHIVE-REASON", 422, "A reason is required"),
    ARCHIVED("EEG-ARCHIVE-ARCHIVED", 0, "Archived");

    private final Spec spec;

    ArchiveError(String code, int status, String title) {
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
