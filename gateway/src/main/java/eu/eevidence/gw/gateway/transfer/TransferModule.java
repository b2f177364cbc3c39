package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.network.DestinationsModule;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * xfer: evidence transfer between nodes (ADR-0017): serves accepted cases' items to their peer ({@link #source}) and
 * fetches peers' items ({@link #transfers}, whose sweeper {@link #start} starts; closing the transfers stops it).
 */
public final class TransferModule {

    /**
     * What the transfer records into: the database, the requests, the custody log, the clock; the node's data directory;
     * the cases the peers' messages opened (port implemented by the cases feature).
     */
    public record Needs(Database db, RequestRepository requests, CustodyRecorder custody, Clock clock, Path dataDir,
                        OpenedCases cases) {
    }

    private final EvidenceSource source;
    private final EvidenceTransfers transfers;

    /**
     * @param destinations the peers (required: {@code destinations.peerRoutes()} is not null) and the network's CMS profile
     * @param cms          the node's sealing profile (with its time-stamper, if any)
     */
    public TransferModule(DestinationsModule destinations, Needs needs, EvidenceService evidence, EvidenceStore store, CmsProfile cms,
                          KeyMaterial nodeKey, TrustAnchors trust, DeliveryPolicy policy) throws Exception {
        TransferStores stores = TransferStores.of(needs.db().dataKeys(), needs.cases());
        this.source = new EvidenceSource(needs, stores, destinations.peerRoutes(), store, cms, nodeKey);
        Path spool = needs.dataDir().resolve("transfer");
        FileSecurity.createOwnerOnlyDirectory(spool);
        PeerEvidenceClient.cleanSpool(spool);
        PeerEvidenceClient client = new PeerEvidenceClient(destinations.peerRoutes().self().nodeId(), destinations.networkCms().withSpoolDirectory(spool),
                nodeKey, trust, Tls.sslContext(nodeKey, trust));
        this.transfers = new EvidenceTransfers(needs, stores, evidence, destinations.peerRoutes(), client, FetchPolicy.forTransfers(policy),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Serves this node's cases' items to the requesting peers. */
    public EvidenceSource source() {
        return source;
    }

    /** The evidence fetched from peer nodes (jobs, try now). */
    public EvidenceTransfers transfers() {
        return transfers;
    }

    /** Starts fetching (the sweeper, every 250 ms); closing the returned transfers stops it. */
    public EvidenceTransfers start() {
        return transfers.start(Duration.ofMillis(250));
    }
}
