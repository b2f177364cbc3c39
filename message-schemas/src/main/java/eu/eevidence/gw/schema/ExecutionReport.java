package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Report on execution of the correlated request, with the evidence delivered. A PARTIAL report may be
 * followed by others; the FINAL report closes execution.
 *
 * @param completeness  PARTIAL or FINAL
 * @param manifest      the items delivered with this report
 * @param remarks       remarks, e.g. what is still missing, optional
 */
public record ExecutionReport(
        @NotNull Completeness completeness,
        @NotNull @Valid EvidenceManifest manifest,
        @SafeText(max = 8000) String remarks) implements LifecycleMessage.Answer {

    @Override
    public MessageType type() {
        return MessageType.EXECUTION_REPORT;
    }

    public enum Completeness {
        PARTIAL,
        FINAL
    }
}
