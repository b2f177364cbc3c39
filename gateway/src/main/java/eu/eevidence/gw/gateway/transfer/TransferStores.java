package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.evidence.EvidenceItemStore;
import eu.eevidence.gw.gateway.evidence.ManifestQueries;
import eu.eevidence.gw.gateway.infra.DataKeys;

/**
 * The stores the evidence transfer composes in its units of work (ADR-0026): its own fetch jobs, the cases it releases
 * items of, and the evidence feature's item rows and stored execution reports (through their public methods).
 */
record TransferStores(FetchJobStore jobs, OpenedCases cases, EvidenceItemStore items, ManifestQueries reports) {

    /** The JDBC stores; {@code keys} open the stored answers' bodies (ADR-0020). */
    static TransferStores of(DataKeys keys, OpenedCases cases) {
        return new TransferStores(new FetchJobStore(), cases, new EvidenceItemStore(), new ManifestQueries(keys));
    }
}
