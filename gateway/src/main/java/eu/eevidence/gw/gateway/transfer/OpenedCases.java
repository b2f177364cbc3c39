package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.infra.Tx;

/**
 * Port: the requested node's cases as far as the release rules of {@link EvidenceSource} need them. The cases feature
 * (above the transfer) owns the table and implements it ({@code cases.OpenedCaseQueries}); node wiring passes it in
 * through {@link TransferModule.Needs}. Runs in the caller's read (ADR-0026).
 */
public interface OpenedCases {

    /** The case opened by {@code peer}'s message {@code messageId}, or null. */
    EvidenceSource.CaseRow caseOf(Tx c, String peer, String messageId);
}
