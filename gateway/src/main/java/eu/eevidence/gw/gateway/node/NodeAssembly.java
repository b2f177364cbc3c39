package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.answer.PortalAnswerService;
import eu.eevidence.gw.gateway.answer.SignedAnswerVerifier;
import eu.eevidence.gw.gateway.api.CaseResource;
import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.api.ErrorMappers;
import eu.eevidence.gw.gateway.api.EvidenceResource;
import eu.eevidence.gw.gateway.api.EvidenceTransferResource;
import eu.eevidence.gw.gateway.api.EvidenceUploadResource;
import eu.eevidence.gw.gateway.api.HandoffResource;
import eu.eevidence.gw.gateway.api.HealthResource;
import eu.eevidence.gw.gateway.api.MetricsResource;
import eu.eevidence.gw.gateway.api.NetworkDirectoryResource;
import eu.eevidence.gw.gateway.api.OpenApiResource;
import eu.eevidence.gw.gateway.api.PlatformResource;
import eu.eevidence.gw.gateway.api.PushResource;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.gateway.api.RevokedClients;
import eu.eevidence.gw.gateway.api.RateLimitFilter;
import eu.eevidence.gw.gateway.access.ClientCertificateChecks;
import eu.eevidence.gw.gateway.access.ClientRevocation;
import eu.eevidence.gw.gateway.access.RequestRateLimits;
import eu.eevidence.gw.gateway.cases.CaseRepository;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.channel.AnswerPoller;
import eu.eevidence.gw.gateway.channel.CursorStore;
import eu.eevidence.gw.gateway.channel.PushChannel;
import eu.eevidence.gw.gateway.api.CustodyResource;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.custody.TimelineCustodyBridge;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.deadline.DeadlineEvents;
import eu.eevidence.gw.gateway.deadline.DeadlineScheduler;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.delivery.DeliveryMetrics;
import eu.eevidence.gw.gateway.routing.DeliveryQueues;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.delivery.QueuedMessageCodec;
import eu.eevidence.gw.gateway.delivery.DeliveryRoutes;
import eu.eevidence.gw.gateway.delivery.DeliveryService;
import eu.eevidence.gw.gateway.delivery.DeliveryStatus;
import eu.eevidence.gw.gateway.delivery.ManualHandoff;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.evidence.EvidenceLimits;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.handoff.HandoffService;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.network.DirectoryFetcher;
import eu.eevidence.gw.gateway.network.DirectoryPeers;
import eu.eevidence.gw.gateway.network.DirectoryPlatforms;
import eu.eevidence.gw.gateway.network.DirectorySettings;
import eu.eevidence.gw.gateway.network.DirectoryStore;
import eu.eevidence.gw.gateway.network.EvidenceInbox;
import eu.eevidence.gw.gateway.network.EvidenceIssuer;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.api.NetworkEvidenceResource;
import eu.eevidence.gw.gateway.network.NetworkException;
import eu.eevidence.gw.gateway.network.NetworkInbox;
import eu.eevidence.gw.gateway.network.NetworkOutbox;
import eu.eevidence.gw.gateway.api.NetworkResource;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.network.PeerAdapter;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.network.VerifiedDirectory;
import eu.eevidence.gw.gateway.notification.DeadlineRoutes;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.tracking.ComplianceQueries;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.gateway.transfer.EvidenceSource;
import eu.eevidence.gw.gateway.transfer.EvidenceTransfers;
import eu.eevidence.gw.gateway.transfer.FetchPolicy;
import eu.eevidence.gw.gateway.transfer.PeerEvidenceClient;
import eu.eevidence.gw.gateway.trust.NodeTrustServices;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.pki.TrustStore;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import eu.eevidence.gw.gateway.cases.CaseError;
import eu.eevidence.gw.gateway.network.NetworkError;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * Builds one {@link GatewayNode}, feature by feature, in start order: keys, the network directory, storage and broker,
 * delivery destinations, routes and delivery, trust services and intake, the node-to-node transport, evidence and the
 * requested Party's cases, the evidence transfer, the answer channels, the HTTPS API, then the background work. Each step
 * is one method that reads what earlier steps built (fields) and registers what it starts in {@link #started}, which the
 * node closes in reverse order (also when a later step fails).
 */
final class NodeAssembly {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatewayNode.class);
    /** How often the custody log signs and publishes a new checkpoint (it also does on demand). */
    private static final long CUSTODY_PUBLISH_SECONDS = 10;

    NodeConfig config;
    final InboundCases inboundCases;
    final List<AutoCloseable> started = new ArrayList<>();

    // keys
    DevPki devPki;
    KeyMaterial nodeKey;
    TrustAnchors trust;
    // network directory
    DirectoryStore networkDirectory;
    List<PlatformSpec> configuredPlatforms;
    List<PeerSpec> configuredPeers;
    DirectorySettings directorySettings;
    // storage
    Database db;
    RequestRepository requests;
    CustodyService custody;
    EmbeddedBroker broker;
    // destinations
    List<Platform> platforms;
    PeerRoutes peerRoutes;
    CmsProfile networkCms;
    PeerAdapter peerAdapter;
    PlatformRoutes directory;
    AdapterRegistry adapters;
    // routes and delivery
    DefaultCamelContext camel;
    DeadlineEngine deadlines;
    AtomicReference<LifecycleListener> caseHook;
    LifecycleListener lifecycle;
    DeliveryService delivery;
    HandoffService handoffs;
    ProducerTemplate producer;
    // trust services, intake, answers
    NodeTrustServices trustServices;
    CmsProfile cms;
    DeliveryQueue queue;
    IntakeService intake;
    AnswerService answers;
    // node-to-node transport
    NetworkOutbox outbox;
    NetworkInbox inbox;
    // evidence and cases
    TrackingQueries tracking;
    RetentionService retention;
    RequestActions actions;
    EvidenceStore evidenceStore;
    EvidenceService evidence;
    InboundCaseService cases;
    EvidenceTransfers transfers;
    // channels
    PortalAnswerService portalAnswers;
    PushChannel pushChannel;
    CursorStore cursors;
    AnswerPoller answerPoller;
    // API
    final List<Object> frontResources = new ArrayList<>();
    RestServer rest;

    NodeAssembly(NodeConfig config, InboundCases inboundCases) {
        this.config = config;
        this.inboundCases = inboundCases;
    }

    /** Runs every step; on a failure closes what was started and rethrows. */
    GatewayNode assemble() throws Exception {
        try {
            keys();
            networkDirectory();
            storage();
            destinations();
            routesAndDelivery();
            livePlatforms();
            intakeAndAnswers();
            transport();
            evidenceAndCases();
            evidenceTransfer();
            bindCasesToTransport();
            answerChannels();
            api();
            background();
            LOG.info(NodeError.NODE_READY.code() + " {} (data {}, {} platform(s))", rest.baseUrl(), config.dataDir().toAbsolutePath(), platforms.size());
            return new GatewayNode(this);
        } catch (Exception | Error e) {
            GatewayNode.closeAll(started);
            throw e;
        }
    }

    /** The node key and trust anchors: configured, or the development PKI (with a contact-point credential to try the API). */
    private void keys() throws Exception {
        Files.createDirectories(config.dataDir());
        nodeKey = config.nodeKey();
        trust = config.trust();
        if (nodeKey == null) {
            devPki = DevPki.loadOrCreate(config.dataDir().resolve("pki"), config.clock());
            nodeKey = devPki.loadOrIssue("node", new IssueRequest("evidence-gateway node", Role.NODE,
                    List.of("localhost", "127.0.0.1", InetAddress.getLoopbackAddress().getHostName()), KeyKind.EC_P256, Duration.ofDays(825), true, true));
            devPki.loadOrIssue("contact-point", new IssueRequest("development 24/7 contact point", Role.CONTACT_POINT,
                    List.of(), KeyKind.EC_P256, Duration.ofDays(825), false, true));
            trust = TrustAnchors.of(List.of(devPki.rootCertificate()));
        }
    }

    /** dir: the signed network directory (peers and platforms from it; this node must be listed), ADR-0012/0019. */
    private void networkDirectory() throws Exception {
        configuredPlatforms = config.platforms(); // development additions, kept beside the directory's
        configuredPeers = config.peers(); // the same for peers (config is replaced below)
        directorySettings = config.networkDirectory();
        if (directorySettings == null) {
            return;
        }
        NodeIdentity self = config.identity();
        if (self == null) {
            throw new IllegalArgumentException(NetworkError.DIR_SELF_MISSING.code() + " a node with a network directory needs its own network identity");
        }
        X509Certificate selfCert = nodeKey.certificate();
        try {
            List<DirectoryStore.Source> sources = new ArrayList<>();
            if (directorySettings.file() != null) {
                sources.add(DirectoryStore.file(directorySettings.file()));
            }
            javax.net.ssl.SSLContext fetchTls = directorySettings.urls().isEmpty() ? null : Tls.sslContext(nodeKey, trust);
            for (URI url : directorySettings.urls()) {
                sources.add(new DirectoryFetcher(url, fetchTls));
            }
            networkDirectory = DirectoryStore.open(sources, config.dataDir().resolve("network"), trust, new CmsProfile(config.clock()),
                    config.clock(), d -> d.requireSelf(self, selfCert));
        } catch (NetworkException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
        started.add(networkDirectory);
        VerifiedDirectory d = networkDirectory.current();
        Map<String, PeerSpec> peers = new LinkedHashMap<>();
        d.peers(self).forEach(p -> peers.put(p.nodeId(), p));
        config.peers().forEach(p -> peers.putIfAbsent(p.nodeId(), p)); // development additions; the directory wins
        Map<String, PlatformSpec> platformSpecs = new LinkedHashMap<>();
        d.platformSpecs().forEach(p -> platformSpecs.put(p.id(), p));
        config.platforms().forEach(p -> platformSpecs.putIfAbsent(p.id(), p));
        config = config.withNetwork(self, List.copyOf(peers.values())).withPlatforms(List.copyOf(platformSpecs.values()));
        // the platforms follow later versions once delivery runs (livePlatforms)
    }

    /** The database (embedded H2 unless a JDBC URL is configured), the custody log and the embedded broker. */
    private void storage() throws Exception {
        db = config.jdbcUrl() == null
                ? Database.open(Database.embeddedUrl(config.dataDir()), "sa", "")
                : Database.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        started.add(db);
        db.useKeyEncryptionKey(eu.eevidence.gw.gateway.infra.NodeKek.loadOrCreate(eu.eevidence.gw.gateway.infra.NodeKek.location(config.dataDir())), config.clock());
        requests = new RequestRepository(db);
        custody = CustodyService.start(config.dataDir(), db, config.clock(), CUSTODY_PUBLISH_SECONDS);
        started.add(custody);
        requests.setTimelineListener(new TimelineCustodyBridge(custody));
        broker = EmbeddedBroker.start(config.dataDir(), config.retry());
        started.add(broker);
    }

    /** Delivery destinations: the platforms, and every peer node (adapter gateway-node, ADR-0013); the installed adapters. */
    private void destinations() throws Exception {
        platforms = new ArrayList<>();
        for (PlatformSpec spec : config.platforms()) {
            platforms.add(platform(spec));
        }
        peerRoutes = config.identity() == null ? null : new PeerRoutes(config.identity(), config.peers());
        networkCms = new CmsProfile(config.clock());
        if (peerRoutes != null) {
            for (PeerSpec p : peerRoutes.all()) {
                if (platforms.stream().anyMatch(x -> x.id().equals(p.nodeId()))) {
                    throw new IllegalArgumentException(RoutingError.NET_CONFIG.code() + " platform id " + p.nodeId() + " is also the id of a peer node");
                }
            }
            platforms.addAll(peerRoutes.destinations(Tls.sslContext(nodeKey, trust)));
            peerAdapter = new PeerAdapter(config.identity().nodeId(), peerRoutes::byId, networkCms, trust.requiringRole(Role.NODE));
        }
        directory = new PlatformRoutes(platforms);
        adapters = AdapterRegistry.load();
        if (peerAdapter != null) {
            adapters = adapters.withBuiltIn(peerAdapter);
        }
        for (Platform p : platforms) {
            if (adapters.forKind(p.adapterKind()).isEmpty() && !ManualHandoff.KIND.equals(p.adapterKind())) {
                throw new IllegalArgumentException(NodeError.CFG_005.code() + " platform " + p.id() + " names adapter '" + p.adapterKind()
                        + "', but only " + adapters.kinds() + " are installed");
            }
        }
    }

    private Platform platform(PlatformSpec spec) throws Exception {
        TrustAnchors portalTrust = spec.tlsTrust().isEmpty() ? trust : TrustAnchors.of(spec.tlsTrust());
        return new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(), Tls.sslContext(nodeKey, portalTrust),
                spec.settings());
    }

    /**
     * Camel with the JMS components, the deadline engine, delivery (scheduled retries, bounds and circuit breakers, ADR-0009;
     * manual hand-off, ADR-0011) and its routes; the lifecycle listener feeds the deadline engine and the requested Party's
     * cases (set in {@link #evidenceAndCases}).
     */
    private void routesAndDelivery() throws Exception {
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("evidence-gateway");
        camel.addComponent("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
        CachingConnectionFactory producerCf = new CachingConnectionFactory(broker.connectionFactory());
        producerCf.setSessionCacheSize(8);
        camel.addComponent("jmsout", JmsComponent.jmsComponent(producerCf));
        AtomicReference<ProducerTemplate> publisher = new AtomicReference<>();
        deadlines = new DeadlineEngine(requests, config.deadlines().rules(), new DeadlineCalculator(HolidayCalendar.builtIn()),
                config.deadlines().warnings(), (event, duplicateId) -> {
                    ProducerTemplate p = publisher.get();
                    if (p == null) {
                        throw new IllegalStateException(NodeError.DDL_PUBLISH.code() + " not started");
                    }
                    p.sendBodyAndHeaders(DeadlineRoutes.PUBLISH, DeadlineEvents.json(event), Map.of(DeliveryRoutes.HEADER_DUPLICATE_ID, duplicateId));
                }, config.clock());
        caseHook = new AtomicReference<>(LifecycleListener.NONE);
        DeadlineEngine engine = deadlines;
        AtomicReference<LifecycleListener> hook = caseHook;
        lifecycle = (c, r, event, at, notBefore) -> {
            engine.onEvent(c, r, event, at, notBefore);
            hook.get().onEvent(c, r, event, at, notBefore);
        };
        delivery = new DeliveryService(requests, directory, adapters, config.clock(), lifecycle, custody, config.deliveryPolicy(),
                new DeliveryMetrics(), () -> ThreadLocalRandom.current().nextDouble());
        if (peerRoutes != null) {
            Database database = db;
            delivery.useKeys((platform, record) -> PeerRoutes.ADAPTER_KIND.equals(platform.adapterKind())
                    ? NetworkOutbox.messageIdOfRequest(database, record.id()).orElse(record.idempotencyKeyForDelivery())
                    : record.idempotencyKeyForDelivery());
        }
        KeyMaterial manifestKey = nodeKey;
        CmsProfile manifestCms = new CmsProfile(config.clock());
        handoffs = new HandoffService(requests, lifecycle, custody, manifest -> manifestCms.sign(manifest, manifestKey), config.dataDir(), config.clock());
        delivery.setManualHandoff(handoffs);
        camel.addRoutes(new DeliveryRoutes(directory, delivery));
        camel.addRoutes(new DeadlineRoutes());
        camel.start();
        started.add(camel);
        started.add(producerCf::destroy);
        producer = camel.createProducerTemplate();
        started.add(producer);
        publisher.set(producer);
        ProducerTemplate out = producer;
        queue = (destinationId, message) -> {
            String body = QueuedMessageCodec.encode(message); // the body is also the duplicate id, as before
            out.sendBodyAndHeaders(DeliveryRoutes.ENQUEUE, body, Map.of(
                    DeliveryRoutes.HEADER_QUEUE, DeliveryQueues.queueFor(destinationId),
                    DeliveryRoutes.HEADER_DUPLICATE_ID, body));
        };
    }

    /** dir: each accepted directory version becomes the delivery platforms and peers (snapshot swaps), then polling starts. */
    private void livePlatforms() throws Exception {
        if (networkDirectory == null) {
            return;
        }
        AdapterRegistry installed = adapters;
        List<Platform> fromConfig = new ArrayList<>();
        for (PlatformSpec spec : configuredPlatforms) {
            fromConfig.add(platform(spec));
        }
        DefaultCamelContext routes = camel;
        DeliveryService deliveries = delivery;
        DirectoryPlatforms live = new DirectoryPlatforms(directory, p -> !PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()), fromConfig,
                Tls.sslContext(nodeKey, trust), kind -> installed.forKind(kind).isPresent() || ManualHandoff.KIND.equals(kind),
                id -> DeliveryRoutes.addDestination(routes, id, deliveries));
        networkDirectory.onChange(live::apply);
        live.apply(networkDirectory.current()); // nothing changes unless a version was accepted since the start
        if (peerRoutes != null) { // after the platforms, on each version: peer nodes added, changed (key rollover) or removed
            DirectoryPeers livePeers = new DirectoryPeers(peerRoutes, directory, configuredPeers, Tls.sslContext(nodeKey, trust),
                    id -> DeliveryRoutes.addDestination(routes, id, deliveries));
            networkDirectory.onChange(livePeers::apply);
            livePeers.apply(networkDirectory.current());
        }
        networkDirectory.startPolling(directorySettings.checkInterval());
        started.add(networkDirectory::close); // polling stops before the routes it may add to
    }

    /**
     * pki4: the trust services (OCSP responder, TSA; CAdES-T on the node's seals), intake (sealing, signed submissions)
     * and the answers of the platform API (signed platform answers, ADR-0008).
     */
    private void intakeAndAnswers() throws Exception {
        trustServices = NodeTrustServices.create(config.trustServices(), devPki, config.clock());
        cms = trustServices.timeStamper() == null ? new CmsProfile(config.clock())
                : new CmsProfile(config.clock()).withTimeStamper(trustServices.timeStamper());
        CmsProfile sealing = cms;
        KeyMaterial sealingKey = nodeKey;
        intake = new IntakeService(new JsonCodec(), requests, directory, (content, recipient) -> sealing.seal(content, sealingKey, List.of(recipient)),
                queue, config.clock(), deadlines, custody);
        TrustAnchors clientTrust = trust;
        intake.acceptSignedSubmissions(signed -> sealing.verify(signed, clientTrust), new eu.eevidence.gw.gateway.intake.SignedSubmissionPolicy(
                config.access().signedMaxAge(), config.access().signedFutureSkew(), config.access()::maySubmitFor)); // ADR-0021

        answers = new AnswerService(requests, directory, lifecycle, custody, config.clock());
        SignerValidator answerTrust = clientTrust;
        if (devPki != null && trustServices.inProcessOcsp() != null) {
            // the development CA knows every certificate it issued: its own responder, in process, gives their status
            answerTrust = TrustStore.load(config.clock(), List.of(devPki.directory().resolve("ca.pem")), List.of(), trustServices.inProcessOcsp(), true);
        }
        SignerValidator platformSigners = answerTrust.requiringRole(Role.PLATFORM);
        answers.acceptSignedAnswers(signed -> {
            byte[] signedData = sealing.unwrapSignedData(signed, sealingKey);
            return new SignedAnswerVerifier.Verified(signedData, sealing.verify(signedData, platformSigners));
        });
    }

    /** peer: the node-to-node transport (ADR-0013): the outbox (PeerMessenger), the inbox and the network endpoint. */
    private void transport() {
        if (peerRoutes == null) {
            return;
        }
        intake.routeToPeers(peerRoutes);
        CmsProfile sealing = cms;
        KeyMaterial sealingKey = nodeKey;
        outbox = new NetworkOutbox(db, peerRoutes, directory, peerAdapter, (content, recipient) -> sealing.seal(content, sealingKey, List.of(recipient)),
                queue, config.clock(), custody);
        delivery.handleNetworkSends(outbox);
        started.add(outbox);
        inbox = new NetworkInbox(db, peerRoutes, networkCms, nodeKey, trust, answers, inboundCases, custody, config.clock());
        frontResources.add(new NetworkResource(inbox, config.maxBodyBytes()));
    }

    /**
     * Tracking, retention and the contact point's actions; evid: the encrypted evidence store (ADR-0010); inbound: the
     * requested Party's cases (ADR-0015), which follow their domestic orders through the lifecycle hook.
     */
    private void evidenceAndCases() throws Exception {
        tracking = new TrackingQueries(db);
        retention = new RetentionService(requests, config.clock());
        CmsProfile sealing = cms;
        KeyMaterial sealingKey = nodeKey;
        actions = new RequestActions(requests, deadlines, directory, (content, recipient) -> sealing.seal(content, sealingKey, List.of(recipient)),
                queue, config.clock());
        evidenceStore = new EvidenceStore(config.dataDir(), cms, nodeKey, trust);
        evidenceStore.useRequestKeys(eu.eevidence.gw.gateway.privacy.EvidenceKeys.of(db, config.clock()));
        retention.shredder().useEvidenceStore(evidenceStore);
        evidence = new EvidenceService(requests, directory, evidenceStore, custody, config.clock(), EvidenceLimits.DEFAULTS,
                content -> sealing.sign(content, sealingKey));
        evidence.removeLeftoverParts();
        cases = new InboundCaseService(new CaseRepository(db), requests, intake, actions, directory, deadlines.rules(),
                new DeadlineCalculator(HolidayCalendar.builtIn()), custody, config.clock(), config.identity() == null ? null : config.identity().country());
        caseHook.set(cases);
        started.add(caseSweep(cases, custody));
        if (peerRoutes != null) {
            actions.routeToPeers(peerRoutes);
        }
    }

    /** xfer: evidence transfer between nodes (ADR-0017): serve accepted cases' items to their peer, fetch peers' items. */
    private void evidenceTransfer() throws Exception {
        if (peerRoutes == null) {
            return;
        }
        frontResources.add(new EvidenceTransferResource(new EvidenceSource(db, peerRoutes, evidenceStore, cms, nodeKey, custody, config.clock())));
        Path spool = config.dataDir().resolve("transfer");
        FileSecurity.createOwnerOnlyDirectory(spool);
        PeerEvidenceClient.cleanSpool(spool);
        PeerEvidenceClient client = new PeerEvidenceClient(config.identity().nodeId(), networkCms.withSpoolDirectory(spool), nodeKey, trust,
                Tls.sslContext(nodeKey, trust));
        transfers = new EvidenceTransfers(db, requests, evidence, peerRoutes, client, FetchPolicy.forTransfers(config.deliveryPolicy()), config.clock(),
                () -> ThreadLocalRandom.current().nextDouble());
        answers.onPeerExecutionReport(transfers::executionReport);
        started.add(transfers.start(Duration.ofMillis(250)));
    }

    /**
     * network: the transport hands peers' requests and follow-ups to the cases, the cases answer through the outbox; rem:
     * the signed DELIVERED and RETRIEVED evidences (ADR-0016) and the requester's endpoint for them.
     */
    private void bindCasesToTransport() {
        if (inbox != null && inboundCases == null) {
            inbox.useCases(cases);
        }
        if (outbox == null) {
            return;
        }
        cases.usePeerMessenger(outbox);
        EvidenceIssuer issuer = new EvidenceIssuer(peerRoutes, networkCms, nodeKey, outbox, custody);
        inbox.useEvidences(issuer);
        cases.useEvidences(issuer);
    }

    /** chan: the answer channels (PUSH endpoints, POLL cursors) and the adapters' data deliveries into the evidence store. */
    private void answerChannels() {
        portalAnswers = new PortalAnswerService(requests, lifecycle, custody, config.clock());
        AdapterRegistry fetchers = adapters;
        PlatformRoutes destinations = directory;
        EvidenceService store = evidence;
        portalAnswers.useEvidenceIntake((requestId, platformId, dataDelivery) -> store.acceptDelivery(requestId, platformId, dataDelivery,
                EvidenceService.downloadFor(fetchers, destinations.find(platformId).orElseThrow(), Duration.ofMinutes(30))));
        pushChannel = new PushChannel(directory, adapters, portalAnswers);
        cursors = new CursorStore(db);
    }

    /** The HTTPS API (mutual TLS; the revoked-clients deny list; OCSP and TSA without a client certificate). */
    private void api() throws Exception {
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        Database database = db;
        EmbeddedBroker b = broker;
        DefaultCamelContext routes = camel;
        checks.put("database", database::isHealthy);
        checks.put("broker", b::isActive);
        checks.put("routes", () -> routes.getStatus() == ServiceStatus.Started);
        RequestResource requestResource = new RequestResource(intake, requests, config.maxBodyBytes(), tracking, actions, deadlines, retention,
                config.clock());
        java.net.URI publicBase = config.publicBaseUrl(port); // Location and absolute URLs: from configuration, never from Host
        requestResource.usePublicBaseUrl(publicBase);
        if (config.publicBaseUrl() == null && (config.host().equals("0.0.0.0") || config.host().equals("::") || config.host().equals("[::]"))) {
            LOG.warn(NodeError.CFG_PUBLIC_URL.code() + " the API listens on a wildcard address and no public URL is configured: Location headers name {};"
                    + " set serve --public-url", publicBase);
        }
        List<Object> resources = new ArrayList<>();
        resources.add(new PushResource(pushChannel));
        resources.add(new HandoffResource(handoffs, requests, config.maxBodyBytes(), config.clock()));
        if (outbox != null) {
            EvidenceInbox evidenceInbox = new EvidenceInbox(db, peerRoutes, networkCms, trust, requests, custody, config.clock());
            resources.add(new NetworkEvidenceResource(evidenceInbox));
            requestResource.useNetworkEvidences(evidenceInbox);
        }
        resources.addAll(frontResources);
        if (networkDirectory != null) {
            resources.add(new NetworkDirectoryResource(networkDirectory));
        }
        resources.addAll(List.of(requestResource,
                new MetricsResource(new ComplianceQueries(db), tracking, config.clock(), new DeliveryStatus(delivery)),
                new HealthResource(checks), new OpenApiResource(), new CustodyResource(custody),
                new PlatformResource(answers, tracking, config.maxBodyBytes(), config.clock()),
                new EvidenceUploadResource(evidence).usePublicBaseUrl(publicBase), new EvidenceResource(evidence),
                new CaseResource(cases, config.maxBodyBytes(), config.clock())));
        resources.addAll(trustServices.resources());
        // issue 16: the web console under /console/ on the same port, same certificates and checks (ADR-0024), found by
        // ServiceLoader: it calls the API resources above in-process and the node does not depend on it
        List<Object> pageProviders = new ArrayList<>();
        NodePages.Api apiResources = new NodePages.Api(resources, config.clock());
        for (NodePages pages : java.util.ServiceLoader.load(NodePages.class, NodePages.class.getClassLoader())) {
            NodePages.Installed installed = pages.install(apiResources);
            resources.addAll(installed.resources());
            pageProviders.addAll(installed.providers());
        }
        // ADR-0021: rate limits around authentication; EKU, deny list and OCSP/CRL status of every client certificate
        RequestRateLimits limits = new RequestRateLimits(config.access(), config.clock());
        ClientCertificateChecks certificateChecks = new ClientCertificateChecks(
                new RevokedClients(config.dataDir().resolve("pki").resolve(RevokedClients.FILE))::isRevoked,
                ClientRevocation.checker(config.access(), trust, nodeKey, trustServices.ocspAuthority(), trustServices.inProcessOcsp(), config.clock()),
                config.clock());
        List<Object> providers = new ArrayList<>(List.of(new eu.eevidence.gw.gateway.api.EarlyRefusal(), new eu.eevidence.gw.gateway.api.StrictInputFilter(), new ClientCertificateFilter(config.maxBodyBytes(), certificateChecks),
                        new RateLimitFilter(limits),
                        new ErrorMappers.HttpErrors(), new ErrorMappers.Unexpected()));
        providers.addAll(pageProviders);
        rest = RestServer.start(config.host(), port, config.httpEdge(), limits, nodeKey, trust, resources, providers);
        started.add(rest);
    }

    /** After the API is up: requests left unqueued by a crash, the outbox, the deadline scheduler, the POLL platforms. */
    private void background() throws Exception {
        requeueAccepted();
        if (outbox != null) {
            outbox.start();
        }
        started.add(DeadlineScheduler.start(deadlines, retention::purgeDue, config.deadlines().tick()));
        answerPoller = AnswerPoller.start(directory, adapters, portalAnswers, cursors, config.clock());
        started.add(answerPoller);
    }

    /** Requests left in ACCEPTED by a crash between commit and queueing are queued again (the broker drops duplicates). */
    private void requeueAccepted() throws Exception {
        for (String id : requests.awaitingDelivery()) {
            var r = requests.find(id).orElseThrow();
            if (r.deliveryAttempts() == 0) {
                queue.enqueue(r.platformId(), new QueuedMessage.RequestDelivery(id));
            }
        }
        for (Notice n : requests.pendingNotices()) {
            if (n.attempts() == 0) {
                queue.enqueue(requests.find(n.requestId()).orElseThrow().platformId(), new QueuedMessage.NoticeDelivery(n.id()));
            }
        }
    }

    /** inbound: applies the domestic side of the requester's follow-ups (withdraw, hold, release) after their commit. */
    private static AutoCloseable caseSweep(InboundCaseService cases, CustodyService custody) {
        ScheduledExecutorService sweep = Executors.newSingleThreadScheduledExecutor(r -> {
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
                LOG.warn(CaseError.CASE_PENDING_RETRY.code() + " sweep failed ({}); retried", e.getClass().getSimpleName());
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return sweep::shutdownNow;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }
}
