package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.api.CaseResource;
import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.cases.CaseRepository;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.api.ErrorMappers;
import eu.eevidence.gw.gateway.api.HealthResource;
import eu.eevidence.gw.gateway.api.MetricsResource;
import eu.eevidence.gw.gateway.api.OpenApiResource;
import eu.eevidence.gw.gateway.api.PlatformResource;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.answer.SignedAnswerVerifier;
import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.tracking.ComplianceQueries;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.deadline.DeadlineEvents;
import eu.eevidence.gw.gateway.notification.DeadlineRoutes;
import eu.eevidence.gw.gateway.deadline.DeadlineScheduler;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.deadline.RetentionService;
import eu.eevidence.gw.gateway.custody.CustodyResource;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.delivery.DeliveryQueues;
import eu.eevidence.gw.gateway.delivery.DeliveryRoutes;
import eu.eevidence.gw.gateway.delivery.DeliveryService;
import eu.eevidence.gw.gateway.delivery.Platform;
import eu.eevidence.gw.gateway.delivery.PlatformDirectory;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.EmbeddedBroker;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.network.NetworkInbox;
import eu.eevidence.gw.gateway.network.NetworkOutbox;
import eu.eevidence.gw.gateway.network.NetworkResource;
import eu.eevidence.gw.gateway.network.PeerAdapter;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.network.PeerRoutes;
import eu.eevidence.gw.gateway.network.PeerSpec;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.trust.NodeTrustServices;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.pki.TrustStore;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One running gateway node: database, broker, Camel routes and the HTTPS API, wired together. Closing it
 * stops everything it started, in reverse order.
 */
public final class GatewayNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);
    /** How often the custody log signs and publishes a new checkpoint (it also does on demand). */
    private static final long CUSTODY_PUBLISH_SECONDS = 10;

    private final List<AutoCloseable> resources;
    private final RestServer rest;
    private final RequestRepository requests;
    private final EmbeddedBroker broker;
    private final KeyMaterial nodeKey;
    private final TrustAnchors trust;
    private final DevPki devPki;
    private final CamelContext camel;
    private final DeadlineEngine deadlines;
    private CustodyService custody;
    private NodeTrustServices trustServices;
    private DeliveryService delivery;
    private eu.eevidence.gw.gateway.evidence.EvidenceService evidence;
    private InboundCaseService cases;
    private eu.eevidence.gw.gateway.network.DirectoryStore networkDirectory;
    private NetworkOutbox outbox;
    private NetworkInbox inbox;
    private eu.eevidence.gw.gateway.channel.AnswerPoller answerPoller;
    private eu.eevidence.gw.gateway.transfer.EvidenceTransfers transfers; // xfer

    private GatewayNode(List<AutoCloseable> resources, RestServer rest, RequestRepository requests, EmbeddedBroker broker, KeyMaterial nodeKey,
                        TrustAnchors trust, DevPki devPki, CamelContext camel, DeadlineEngine deadlines) {
        this.deadlines = deadlines;
        this.resources = resources;
        this.rest = rest;
        this.requests = requests;
        this.broker = broker;
        this.nodeKey = nodeKey;
        this.trust = trust;
        this.devPki = devPki;
        this.camel = camel;
    }

    public static GatewayNode start(NodeConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * Starts a node; {@code inboundCases} takes the requests and follow-ups that peer nodes send (null: they are refused
     * with EEG-NET-NO-CASES until {@link #useInboundCases} plugs an implementation in).
     */
    public static GatewayNode start(NodeConfig config, InboundCases inboundCases) throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(config.dataDir());
            DevPki devPki = null;
            KeyMaterial nodeKey = config.nodeKey();
            TrustAnchors trust = config.trust();
            if (nodeKey == null) {
                devPki = DevPki.loadOrCreate(config.dataDir().resolve("pki"), config.clock());
                nodeKey = devPki.loadOrIssue("node", new IssueRequest("evidence-gateway node", Role.NODE,
                        List.of("localhost", "127.0.0.1", InetAddress.getLoopbackAddress().getHostName()), KeyKind.EC_P256, Duration.ofDays(825), true, true));
                devPki.loadOrIssue("contact-point", new IssueRequest("development 24/7 contact point", Role.CONTACT_POINT,
                        List.of(), KeyKind.EC_P256, Duration.ofDays(825), false, true));
                trust = TrustAnchors.of(List.of(devPki.rootCertificate()));
            }

            // --- dir: the signed network directory (peers and platforms from it; this node must be listed) ---
            eu.eevidence.gw.gateway.network.DirectoryStore networkDirectory = null;
            List<PlatformSpec> dirConfiguredPlatforms = config.platforms(); // development additions, kept beside the directory's
            List<PeerSpec> dirConfiguredPeers = config.peers(); // peerlive: development additions, kept beside the directory's nodes
            eu.eevidence.gw.gateway.network.DirectorySettings dirSettings = config.networkDirectory();
            if (dirSettings != null) {
                eu.eevidence.gw.gateway.network.NodeIdentity self = config.identity();
                if (self == null) {
                    throw new IllegalArgumentException("EEG-DIR-SELF-MISSING a node with a network directory needs its own network identity");
                }
                X509Certificate selfCert = nodeKey.certificate();
                try {
                    List<eu.eevidence.gw.gateway.network.DirectoryStore.Source> sources = new ArrayList<>();
                    if (dirSettings.file() != null) {
                        sources.add(eu.eevidence.gw.gateway.network.DirectoryStore.file(dirSettings.file()));
                    }
                    javax.net.ssl.SSLContext fetchTls = dirSettings.urls().isEmpty() ? null : Tls.sslContext(nodeKey, trust);
                    for (java.net.URI url : dirSettings.urls()) {
                        sources.add(new eu.eevidence.gw.gateway.network.DirectoryFetcher(url, fetchTls));
                    }
                    networkDirectory = eu.eevidence.gw.gateway.network.DirectoryStore.open(sources,
                            config.dataDir().resolve("network"), trust, new CmsProfile(config.clock()), config.clock(),
                            d -> d.requireSelf(self, selfCert));
                } catch (eu.eevidence.gw.gateway.network.NetworkException e) {
                    throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
                }
                started.add(networkDirectory);
                eu.eevidence.gw.gateway.network.VerifiedDirectory d = networkDirectory.current();
                Map<String, eu.eevidence.gw.gateway.network.PeerSpec> peers = new LinkedHashMap<>();
                d.peers(self).forEach(p -> peers.put(p.nodeId(), p));
                config.peers().forEach(p -> peers.putIfAbsent(p.nodeId(), p)); // development additions; the directory wins
                Map<String, PlatformSpec> platformSpecs = new LinkedHashMap<>();
                d.platformSpecs().forEach(p -> platformSpecs.put(p.id(), p));
                config.platforms().forEach(p -> platformSpecs.putIfAbsent(p.id(), p));
                config = config.withNetwork(self, List.copyOf(peers.values())).withPlatforms(List.copyOf(platformSpecs.values()));
                // the platforms follow later versions once delivery runs (see "dir: live platforms" below)
            }
            // --- end dir ---

            Database db = config.jdbcUrl() == null
                    ? Database.open(Database.embeddedUrl(config.dataDir()), "sa", "")
                    : Database.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
            started.add(db);
            RequestRepository requests = new RequestRepository(db);
            CustodyService custody = CustodyService.start(config.dataDir(), db, config.clock(), CUSTODY_PUBLISH_SECONDS);
            started.add(custody);
            requests.setTimelineListener(new eu.eevidence.gw.gateway.custody.TimelineCustodyBridge(custody));

            EmbeddedBroker broker = EmbeddedBroker.start(config.dataDir(), config.retry());
            started.add(broker);

            List<Platform> platforms = new ArrayList<>();
            for (PlatformSpec spec : config.platforms()) {
                TrustAnchors portalTrust = spec.tlsTrust().isEmpty() ? trust : TrustAnchors.of(spec.tlsTrust());
                platforms.add(new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(), Tls.sslContext(nodeKey, portalTrust),
                        spec.settings()));
            }
            // --- peer: node-to-node transport: every peer node is a delivery destination (adapter gateway-node) ---
            PeerRoutes peerRoutes = config.identity() == null ? null : new PeerRoutes(config.identity(), config.peers());
            CmsProfile networkCms = new CmsProfile(config.clock());
            PeerAdapter peerAdapter = null;
            if (peerRoutes != null) {
                for (PeerSpec p : peerRoutes.all()) {
                    if (platforms.stream().anyMatch(x -> x.id().equals(p.nodeId()))) {
                        throw new IllegalArgumentException("EEG-NET-CONFIG platform id " + p.nodeId() + " is also the id of a peer node");
                    }
                }
                platforms.addAll(peerRoutes.destinations(Tls.sslContext(nodeKey, trust)));
                peerAdapter = new PeerAdapter(config.identity().nodeId(), peerRoutes::byId, networkCms, trust.requiringRole(Role.NODE));
            }
            // --- peer: end ---
            PlatformDirectory directory = new PlatformDirectory(platforms);
            AdapterRegistry adapters = AdapterRegistry.load();
            if (peerAdapter != null) {
                adapters = adapters.withBuiltIn(peerAdapter); // --- peer ---
            }
            for (Platform p : platforms) {
                if (adapters.forKind(p.adapterKind()).isEmpty() && !eu.eevidence.gw.gateway.delivery.ManualHandoff.KIND.equals(p.adapterKind())) {
                    throw new IllegalArgumentException("EEG-CFG-005 platform " + p.id() + " names adapter '" + p.adapterKind()
                            + "', but only " + adapters.kinds() + " are installed");
                }
            }

            DefaultCamelContext camel = new DefaultCamelContext();
            camel.getCamelContextExtension().setName("evidence-gateway");
            var consumerCf = broker.connectionFactory();
            camel.addComponent("jms", JmsComponent.jmsComponent(consumerCf));
            CachingConnectionFactory producerCf = new CachingConnectionFactory(broker.connectionFactory());
            producerCf.setSessionCacheSize(8);
            camel.addComponent("jmsout", JmsComponent.jmsComponent(producerCf));
            AtomicReference<ProducerTemplate> publisher = new AtomicReference<>();
            DeadlineEngine deadlines = new DeadlineEngine(requests, config.deadlines().rules(), new DeadlineCalculator(HolidayCalendar.builtIn()),
                    config.deadlines().warnings(), (event, duplicateId) -> {
                        ProducerTemplate p = publisher.get();
                        if (p == null) {
                            throw new IllegalStateException("EEG-DDL-PUBLISH not started");
                        }
                        p.sendBodyAndHeaders(DeadlineRoutes.PUBLISH, DeadlineEvents.json(event), Map.of(DeliveryRoutes.HEADER_DUPLICATE_ID, duplicateId));
                    }, config.clock());
            // --- inbound: the requested Party's cases follow their domestic orders (the service is set further below) ---
            AtomicReference<eu.eevidence.gw.gateway.order.LifecycleListener> caseHook = new AtomicReference<>(eu.eevidence.gw.gateway.order.LifecycleListener.NONE);
            eu.eevidence.gw.gateway.order.LifecycleListener lifecycle = (c, r, event, at, notBefore) -> {
                deadlines.onEvent(c, r, event, at, notBefore);
                caseHook.get().onEvent(c, r, event, at, notBefore);
            };
            // --- inbound: end ---
            // --- reliab: scheduled retries, bounds and circuit breakers of delivery (ADR 0009) ---
            DeliveryService delivery = new DeliveryService(requests, directory, adapters, config.clock(), lifecycle, custody,
                    config.deliveryPolicy(), new eu.eevidence.gw.gateway.delivery.DeliveryMetrics(),
                    () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
            // --- reliab: end ---
            if (peerRoutes != null) {
                delivery.useKeys((platform, record) -> PeerRoutes.ADAPTER_KIND.equals(platform.adapterKind())
                        ? NetworkOutbox.messageIdOfRequest(db, record.id()).orElse(record.idempotencyKeyForDelivery())
                        : record.idempotencyKeyForDelivery()); // --- peer ---
            }
            // --- chan: manual hand-off (adapter kind manual-pdf, built into the gateway: it signs with the node's key) ---
            KeyMaterial manifestKey = nodeKey;
            CmsProfile manifestCms = new CmsProfile(config.clock());
            eu.eevidence.gw.gateway.handoff.HandoffService handoffs = new eu.eevidence.gw.gateway.handoff.HandoffService(requests, lifecycle, custody,
                    manifest -> manifestCms.sign(manifest, manifestKey), config.dataDir(), config.clock());
            delivery.setManualHandoff(handoffs);
            // --- end chan ---
            camel.addRoutes(new DeliveryRoutes(directory, delivery));
            camel.addRoutes(new DeadlineRoutes());
            camel.start();
            started.add(camel);
            started.add(producerCf::destroy);
            ProducerTemplate producer = camel.createProducerTemplate();
            started.add(producer);
            publisher.set(producer);
            // --- dir: live platforms: each accepted directory version becomes the delivery platforms (one snapshot swap) ---
            if (networkDirectory != null) {
                AdapterRegistry installed = adapters;
                List<Platform> configuredPlatforms = new ArrayList<>();
                for (PlatformSpec spec : dirConfiguredPlatforms) {
                    TrustAnchors portalTrust = spec.tlsTrust().isEmpty() ? trust : TrustAnchors.of(spec.tlsTrust());
                    configuredPlatforms.add(new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(),
                            Tls.sslContext(nodeKey, portalTrust), spec.settings()));
                }
                eu.eevidence.gw.gateway.network.DirectoryPlatforms livePlatforms = new eu.eevidence.gw.gateway.network.DirectoryPlatforms(directory,
                        p -> !PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()), configuredPlatforms, Tls.sslContext(nodeKey, trust),
                        kind -> installed.forKind(kind).isPresent() || eu.eevidence.gw.gateway.delivery.ManualHandoff.KIND.equals(kind),
                        id -> DeliveryRoutes.addDestination(camel, id, delivery));
                networkDirectory.onChange(livePlatforms::apply);
                livePlatforms.apply(networkDirectory.current()); // nothing changes unless a version was accepted since the start
                if (peerRoutes != null) { // peerlive: peer nodes follow the accepted versions too (transport, inbox, intake)
                    eu.eevidence.gw.gateway.network.DirectoryPeers livePeers = new eu.eevidence.gw.gateway.network.DirectoryPeers(peerRoutes,
                            directory, dirConfiguredPeers, Tls.sslContext(nodeKey, trust), id -> DeliveryRoutes.addDestination(camel, id, delivery));
                    networkDirectory.onChange(livePeers::apply);
                    livePeers.apply(networkDirectory.current());
                }
                networkDirectory.startPolling(dirSettings.checkInterval());
                started.add(networkDirectory::close); // polling stops before the routes it may add to
            }
            // --- end dir ---

            // --- pki4: trust services (OCSP responder, TSA) and the CAdES-T signature time-stamp on the node's seals ---
            NodeTrustServices trustServices = NodeTrustServices.create(config.trustServices(), devPki, config.clock());
            CmsProfile cms = trustServices.timeStamper() == null ? new CmsProfile(config.clock())
                    : new CmsProfile(config.clock()).withTimeStamper(trustServices.timeStamper());
            // --- pki4 end ---
            KeyMaterial sealingKey = nodeKey;
            DeliveryQueue queue = (platformId, requestId) -> producer.sendBodyAndHeaders(DeliveryRoutes.ENQUEUE, requestId, Map.of(
                    DeliveryRoutes.HEADER_QUEUE, DeliveryQueues.queueFor(platformId),
                    DeliveryRoutes.HEADER_DUPLICATE_ID, requestId));
            IntakeService intake = new IntakeService(new JsonCodec(), requests, directory,
                    (content, recipient) -> cms.seal(content, sealingKey, List.of(recipient)), queue, config.clock(), deadlines, custody);
            TrustAnchors clientTrust = trust;
            intake.acceptSignedSubmissions(signed -> cms.verify(signed, clientTrust));

            // --- pki4: signed platform answers (CMS SignedData, optionally AuthEnveloped to the node) ---
            AnswerService answers = new AnswerService(requests, directory, lifecycle, custody, config.clock());
            SignerValidator answerTrust = clientTrust;
            if (devPki != null && trustServices.inProcessOcsp() != null) {
                // the development CA knows every certificate it issued: its own responder, in process, gives their status
                answerTrust = TrustStore.load(config.clock(), List.of(devPki.directory().resolve("ca.pem")), List.of(),
                        trustServices.inProcessOcsp(), true);
            }
            SignerValidator platformSigners = answerTrust.requiringRole(Role.PLATFORM);
            answers.acceptSignedAnswers(signed -> {
                byte[] signedData = cms.unwrapSignedData(signed, sealingKey);
                return new SignedAnswerVerifier.Verified(signedData, cms.verify(signedData, platformSigners));
            });
            // --- pki4 end ---
            // --- peer: outbox (PeerMessenger), inbox and the network endpoint ---
            NetworkOutbox outbox = null;
            NetworkInbox inbox = null;
            List<Object> networkResources = new ArrayList<>();
            if (peerRoutes != null) {
                intake.routeToPeers(peerRoutes);
                outbox = new NetworkOutbox(db, peerRoutes, directory, peerAdapter, (content, recipient) -> cms.seal(content, sealingKey, List.of(recipient)),
                        (peerId, id) -> producer.sendBodyAndHeaders(DeliveryRoutes.ENQUEUE, id, Map.of(
                                DeliveryRoutes.HEADER_QUEUE, DeliveryQueues.queueFor(peerId),
                                DeliveryRoutes.HEADER_DUPLICATE_ID, id)), config.clock(), custody);
                delivery.addHandler(outbox);
                started.add(outbox);
                inbox = new NetworkInbox(db, peerRoutes, networkCms, nodeKey, trust, answers, inboundCases, custody, config.clock());
                networkResources.add(new NetworkResource(inbox, config.maxBodyBytes()));
            }
            // --- peer: end ---

            TrackingQueries tracking = new TrackingQueries(db);
            RetentionService retention = new RetentionService(requests, config.clock());
            RequestActions actions = new RequestActions(requests, deadlines, directory,
                    (content, recipient) -> cms.seal(content, sealingKey, List.of(recipient)), queue, config.clock());
            // --- evid: evidence store (encrypted at rest), uploads in parts, requester access (ADR-0010) ---
            eu.eevidence.gw.gateway.evidence.EvidenceStore evidenceStore = new eu.eevidence.gw.gateway.evidence.EvidenceStore(config.dataDir(), cms,
                    nodeKey, trust);
            eu.eevidence.gw.gateway.evidence.EvidenceService evidence = new eu.eevidence.gw.gateway.evidence.EvidenceService(requests, directory,
                    evidenceStore, custody, config.clock(), eu.eevidence.gw.gateway.evidence.EvidenceLimits.DEFAULTS,
                    content -> cms.sign(content, sealingKey));
            evidence.removeLeftoverParts();
            // --- end evid ---
            // --- inbound: the requested Party's cases (InboundCases for the transport, review API, domestic follow-up sweep) ---
            InboundCaseService cases = new InboundCaseService(new CaseRepository(db), requests, intake, actions, directory, deadlines.rules(),
                    new DeadlineCalculator(HolidayCalendar.builtIn()), custody, config.clock(), config.identity() == null ? null : config.identity().country());
            caseHook.set(cases);
            started.add(startCaseSweep(cases, custody));
            // --- inbound: end ---
            // --- xfer: evidence transfer between nodes (ADR-0017): serve accepted cases' items to their peer, fetch peers' items ---
            List<Object> xferResources = new ArrayList<>();
            eu.eevidence.gw.gateway.transfer.EvidenceTransfers transfers = null;
            if (peerRoutes != null) {
                xferResources.add(new eu.eevidence.gw.gateway.api.EvidenceTransferResource(new eu.eevidence.gw.gateway.transfer.EvidenceSource(db,
                        peerRoutes, evidenceStore, cms, nodeKey, custody, config.clock())));
                java.nio.file.Path xferSpool = config.dataDir().resolve("transfer");
                eu.eevidence.gw.pki.FileSecurity.createOwnerOnlyDirectory(xferSpool);
                eu.eevidence.gw.gateway.transfer.PeerEvidenceClient.cleanSpool(xferSpool);
                eu.eevidence.gw.gateway.transfer.PeerEvidenceClient xferClient = new eu.eevidence.gw.gateway.transfer.PeerEvidenceClient(
                        config.identity().nodeId(), networkCms.withSpoolDirectory(xferSpool), nodeKey, trust, Tls.sslContext(nodeKey, trust));
                transfers = new eu.eevidence.gw.gateway.transfer.EvidenceTransfers(db, requests, evidence, peerRoutes, xferClient,
                        new eu.eevidence.gw.gateway.transfer.FetchPolicy(config.deliveryPolicy()), config.clock(),
                        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
                answers.onPeerExecutionReport(transfers::executionReport);
                started.add(transfers.start(Duration.ofMillis(250)));
            }
            // --- xfer: end ---
            if (peerRoutes != null) {
                actions.routeToPeers(peerRoutes); // --- peer ---
            }
            // --- network: the transport hands peers' requests and follow-ups to the cases; cases answer through the outbox ---
            if (inbox != null && inboundCases == null) {
                inbox.useCases(cases);
            }
            if (outbox != null) {
                cases.usePeerMessenger(outbox);
            }
            Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
            checks.put("database", db::isHealthy);
            checks.put("broker", broker::isActive);
            checks.put("routes", () -> camel.getStatus() == ServiceStatus.Started);
            // --- chan: answer channels (PUSH endpoints, POLL scheduler) ---
            eu.eevidence.gw.gateway.answer.PortalAnswerService portalAnswers =
                    new eu.eevidence.gw.gateway.answer.PortalAnswerService(requests, lifecycle, custody, config.clock());
            AdapterRegistry fetchers = adapters; // evid + chan: data deliveries' items into the encrypted evidence store
            portalAnswers.useEvidenceIntake((requestId, platformId, dataDelivery) -> evidence.acceptDelivery(requestId, platformId, dataDelivery,
                    eu.eevidence.gw.gateway.evidence.EvidenceService.downloadFor(fetchers, directory.find(platformId).orElseThrow(), Duration.ofMinutes(30))));
            eu.eevidence.gw.gateway.channel.PushChannel pushChannel = new eu.eevidence.gw.gateway.channel.PushChannel(directory, adapters, portalAnswers);
            eu.eevidence.gw.gateway.channel.CursorStore cursors = new eu.eevidence.gw.gateway.channel.CursorStore(db);
            // --- end chan ---
            int port = config.port() == 0 ? freePort(config.host()) : config.port();
            // --- dir: GET /api/v1/network/directory ---
            List<Object> directoryResources = networkDirectory == null ? List.of()
                    : List.of(new eu.eevidence.gw.gateway.api.NetworkDirectoryResource(networkDirectory));
            // --- end dir ---
            List<Object> restResources = new ArrayList<>(List.of(new RequestResource(intake, requests, config.maxBodyBytes(), tracking, actions, deadlines, retention, config.clock()),
                            new MetricsResource(new ComplianceQueries(db), tracking, config.clock(), new eu.eevidence.gw.gateway.delivery.DeliveryStatus(delivery)), new HealthResource(checks), new OpenApiResource(), new CustodyResource(custody),
                            new PlatformResource(answers, tracking,
                                    config.maxBodyBytes(), config.clock()),
                            new eu.eevidence.gw.gateway.api.EvidenceUploadResource(evidence), new eu.eevidence.gw.gateway.api.EvidenceResource(evidence),
                            new CaseResource(cases, config.maxBodyBytes(), config.clock())));
            restResources.addAll(trustServices.resources()); // pki4: /ocsp and /tsa, no client certificate needed
            restResources.addAll(0, directoryResources); // dir
            restResources.addAll(0, networkResources); // peer
            restResources.addAll(0, xferResources); // xfer
            restResources.add(0, new eu.eevidence.gw.gateway.api.PushResource(pushChannel)); // chan
            restResources.add(1, new eu.eevidence.gw.gateway.api.HandoffResource(handoffs, requests, config.maxBodyBytes(), config.clock())); // chan
            // --- rem: REM-style evidences after the hop (ADR-0016): DELIVERED when a peer's request becomes a case, RETRIEVED when
            // this node's contact point first opens it, both to the requester through the outbox; the requester's endpoint ---
            if (outbox != null) {
                eu.eevidence.gw.gateway.network.EvidenceIssuer evidenceIssuer = new eu.eevidence.gw.gateway.network.EvidenceIssuer(peerRoutes,
                        networkCms, nodeKey, outbox, custody);
                inbox.useEvidences(evidenceIssuer);
                cases.useEvidences(evidenceIssuer);
                eu.eevidence.gw.gateway.network.EvidenceInbox evidenceInbox = new eu.eevidence.gw.gateway.network.EvidenceInbox(db, peerRoutes,
                        networkCms, trust, requests, custody, config.clock());
                restResources.add(0, new eu.eevidence.gw.gateway.network.NetworkEvidenceResource(evidenceInbox));
                for (Object resource : restResources) {
                    if (resource instanceof RequestResource rr) {
                        rr.useNetworkEvidences(evidenceInbox);
                    }
                }
            }
            // --- rem: end ---
            RestServer rest = RestServer.start(config.host(), port, nodeKey, trust, restResources,
                    List.of(new ClientCertificateFilter(config.maxBodyBytes(),
                                    // --- sim: revoked client certificates (deny list file, re-read on change) ---
                                    new eu.eevidence.gw.gateway.api.RevokedClients(config.dataDir().resolve("pki").resolve(eu.eevidence.gw.gateway.api.RevokedClients.FILE))),
                            new ErrorMappers.HttpErrors(), new ErrorMappers.Unexpected()));
            started.add(rest);

            GatewayNode node = new GatewayNode(started, rest, requests, broker, nodeKey, trust, devPki, camel, deadlines);
            node.custody = custody;
            node.trustServices = trustServices;
            node.delivery = delivery; // reliab
            node.evidence = evidence;
            node.cases = cases;
            node.networkDirectory = networkDirectory; // dir
            node.transfers = transfers; // xfer
            node.requeueAccepted(queue);
            // --- peer ---
            node.outbox = outbox;
            node.inbox = inbox;
            if (outbox != null) {
                outbox.start();
            }
            // --- peer: end ---
            started.add(DeadlineScheduler.start(deadlines, retention, config.deadlines().tick()));
            // --- chan: poll the POLL platforms (after the API is up: answers may name requests being delivered) ---
            node.answerPoller = eu.eevidence.gw.gateway.channel.AnswerPoller.start(directory, adapters, portalAnswers, cursors, config.clock());
            started.add(node.answerPoller);
            // --- end chan ---
            LOG.info("EEG-NODE-READY {} (data {}, {} platform(s))", rest.baseUrl(), config.dataDir().toAbsolutePath(), platforms.size());
            return node;
        } catch (Exception | Error e) {
            closeAll(started);
            throw e;
        }
    }

    // --- inbound: the requested Party's cases ---

    /** Applies the domestic side of the requester's follow-ups (withdraw, hold, release) after their commit. */
    private static AutoCloseable startCaseSweep(InboundCaseService cases, CustodyService custody) {
        java.util.concurrent.ScheduledExecutorService sweep = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-case-sweep");
            t.setDaemon(true);
            return t;
        });
        sweep.scheduleWithFixedDelay(() -> {
            try {
                if (cases.processPending() > 0) {
                    custody.committed();
                }
            } catch (Exception | Error e) {
                LOG.warn("EEG-CASE-PENDING-RETRY sweep failed ({}); retried", e.getClass().getSimpleName());
            }
        }, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        return sweep::shutdownNow;
    }

    /**
     * The requested Party's cases: what the node-to-node transport calls ({@link eu.eevidence.gw.gateway.network.InboundCases})
     * and where it is connected ({@link InboundCaseService#usePeerMessenger}).
     */
    public InboundCaseService inboundCases() {
        return cases;
    }

    // --- inbound: end ---

    /** {@code first} then {@code rest} (dir: optional resources ahead of the fixed ones). */
    private static List<Object> plus(List<Object> first, Object... rest) {
        List<Object> out = new ArrayList<>(first);
        out.addAll(List.of(rest));
        return out;
    }

    /** Requests left in ACCEPTED by a crash between commit and queueing are queued again (the broker drops duplicates). */
    private void requeueAccepted(DeliveryQueue queue) throws Exception {
        for (String id : requests.awaitingDelivery()) {
            var r = requests.find(id).orElseThrow();
            if (r.deliveryAttempts() == 0) {
                queue.enqueue(r.platformId(), id);
            }
        }
        for (Notice n : requests.pendingNotices()) {
            if (n.attempts() == 0) {
                queue.enqueue(requests.find(n.requestId()).orElseThrow().platformId(), Notice.QUEUE_PREFIX + n.id());
            }
        }
    }

    private static List<Object> with(List<Object> first, Object... more) {
        first.addAll(List.of(more));
        return first;
    }

    /** The node's {@link PeerMessenger} (answers and follow-ups to peer nodes), or null without a network identity. */
    public NetworkOutbox peerMessenger() {
        return outbox;
    }

    /** The receiving side of the node-to-node protocol, or null without a network identity. */
    public NetworkInbox networkInbox() {
        return inbox;
    }

    /** Plugs in the requested Party's case handling for what peers send. */
    public void useInboundCases(InboundCases cases) {
        if (inbox == null) {
            throw new IllegalStateException("EEG-NET-CONFIG this node has no network identity and no peers");
        }
        inbox.useCases(cases);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    public String baseUrl() {
        return rest.baseUrl();
    }

    public RequestRepository requests() {
        return requests;
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public KeyMaterial nodeKey() {
        return nodeKey;
    }

    public TrustAnchors trust() {
        return trust;
    }

    /** The development PKI, or null when the node runs with configured key material. */
    public DevPki devPki() {
        return devPki;
    }

    /** The deadline engine (simulations and tests call {@link DeadlineEngine#tick()} after moving their clock). */
    public DeadlineEngine deadlines() {
        return deadlines;
    }

    public CamelContext camel() {
        return camel;
    }

    /** The node's OCSP responder and TSA (either may be off). */
    public NodeTrustServices trustServices() {
        return trustServices;
    }

    /** The network directory in use (reload it, look peers up), or null when the node runs without one. */
    public eu.eevidence.gw.gateway.network.DirectoryStore networkDirectory() {
        return networkDirectory;
    }

    /** The poller of the platforms that answer by POLL (tests poll now instead of waiting for the interval). */
    public eu.eevidence.gw.gateway.channel.AnswerPoller answerPoller() {
        return answerPoller;
    }

    /** The custody log service (flush and publish on demand, export records). */
    public CustodyService custody() {
        return custody;
    }

    /** The delivery service (its circuit breakers, counters and the fault-injection seam for tests). */
    public DeliveryService delivery() {
        return delivery;
    }

    /** xfer: the evidence fetched from peer nodes (jobs, try now), or null without a network identity. */
    public eu.eevidence.gw.gateway.transfer.EvidenceTransfers transfers() {
        return transfers;
    }

    /** Evidence intake and access (adapters' data deliveries go through {@link eu.eevidence.gw.gateway.evidence.EvidenceService#acceptDelivery}). */
    public eu.eevidence.gw.gateway.evidence.EvidenceService evidence() {
        return evidence;
    }

    @Override
    public void close() {
        closeAll(resources);
        LOG.info("EEG-NODE-STOPPED {}", rest.baseUrl());
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("EEG-NODE-STOP-ERROR {} while stopping {}", e.getClass().getSimpleName(), started.get(i).getClass().getSimpleName());
            }
        }
    }
}
