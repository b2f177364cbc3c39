package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.api.CustodyRecordsResource;
import eu.eevidence.gw.gateway.bundle.BundleAssembler;
import eu.eevidence.gw.gateway.bundle.BundleStore;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.network.TransportModule;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.witness.WitnessModule;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;

/** The wiring of the court bundle's exports (ADR-0029), moved out of {@link NodeAssembly} (issue 15 item 5). */
final class CourtBundles {

    private CourtBundles() {
    }

    /** The court bundle: signed by the node key (detached CAdES; CAdES-T when a time-stamping service is configured). */
    static CustodyRecordsResource.Exports exports(RequestRepository requests, TransportModule transport, Database db, CustodyService custody,
                                                  WitnessModule witness, CmsProfile signing, KeyMaterial signer, EvidenceService evidence) {
        BundleAssembler assembler = new BundleAssembler(
                new BundleAssembler.Needs(requests, transport == null ? null : transport.receiptInbox(),
                        new BundleStore(db), custody, cosigning(witness)),
                manifest -> signing.signDetached(manifest, signer), signer.certificate().getSubjectX500Principal().getName());
        return new CustodyRecordsResource.Exports(requests, assembler, evidence);
    }

    /** issue 19: the exports' checkpoint is cosigned by the node's witnesses first (none without peers or witnesses). */
    private static RequestCustody.Witnesses cosigning(WitnessModule w) {
        if (w == null) {
            return RequestCustody.Witnesses.NONE;
        }
        return () -> {
            if (!w.cosigner().witnesses().isEmpty()) {
                w.cosigner().cosignNow();
            }
        };
    }
}
