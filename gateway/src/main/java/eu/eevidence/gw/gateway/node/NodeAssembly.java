package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.answer.AnswerPurgeStore;
import eu.eevidence.gw.gateway.cases.CasePurgeStore;
import eu.eevidence.gw.gateway.custody.CustodyRecordStore;
import eu.eevidence.gw.gateway.evidence.EvidencePurgeStore;
import eu.eevidence.gw.gateway.intake.SubmissionPurgeStore;
import eu.eevidence.gw.gateway.network.OutboxStore;
import eu.eevidence.gw.gateway.order.RequestDataPurge;
import eu.eevidence.gw.gateway.order.RequestRetentionStore;
import eu.eevidence.gw.gateway.transfer.TransferPurgeStore;
import eu.eevidence.gw.gateway.infra.Shutdown;
import eu.eevidence.gw.gateway.infra.NodeKek;
import eu.eevidence.gw.gateway.access.ClientCertificateChecks;
import eu.eevidence.gw.gateway.access.ClientRevocation;
import eu.eevidence.gw.gateway.access.RequestRateLimits;
import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.answer.SignedAnswerVerifier;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.alert.AlarmsConfig;
import eu.eevidence.gw.gateway.alert.AlertModule;
import eu.eevidence.gw.gateway.api.CaseResource;
import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.api.CustodyResource;
import eu.eevidence.gw.gateway.api.WitnessResource;
import eu.eevidence.gw.gateway.api.ErrorMappers;
import eu.eevidence.gw.gateway.api.EvidenceResource;
import eu.eevidence.gw.gateway.api.EvidenceTransferResource;
import eu.eevidence.gw.gateway.api.EvidenceUploadResource;
import eu.eevidence.gw.gateway.api.HandoffResource;
import eu.eevidence.gw.gateway.api.HealthResource;
import eu.eevidence.gw.gateway.api.HttpMetricsFilter;
import eu.eevidence.gw.gateway.api.MetricsResource;
import eu.eevidence.gw.gateway.api.NetworkDirectoryResource;
import eu.eevidence.gw.gateway.api.NetworkReceiptResource;
import eu.eevidence.gw.gateway.api.NetworkResource;
import eu.eevidence.gw.gateway.api.OpenApiResource;
import eu.eevidence.gw.gateway.api.PlatformResource;
import eu.eevidence.gw.gateway.api.PushResource;
import eu.eevidence.gw.gateway.api.RateLimitFilter;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.gateway.api.RevokedClients;
import eu.eevidence.gw.gateway.cases.CasesModule;
import eu.eevidence.gw.gateway.cases.OpenedCaseQueries;
import eu.eevidence.gw.gateway.cases.PlatformDisclosures;
import eu.eevidence.gw.gateway.api.EmergencyDisclosureResource;
import eu.eevidence.gw.gateway.channel.AnswerPoller;
import eu.eevidence.gw.gateway.channel.ChannelModule;
import eu.eevidence.gw.gateway.custody.CustodyModule;
import eu.eevidence.gw.gateway.custody.CustodyMeters;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.deadline.DeadlineMeters;
import eu.eevidence.gw.gateway.deadline.DeadlineNotifier;
import eu.eevidence.gw.gateway.deadline.DeadlineScheduler;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.delivery.DeliveryModule;
import eu.eevidence.gw.gateway.delivery.DeliveryService;
import eu.eevidence.gw.gateway.delivery.DeliveryStatus;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.delivery.QueuedMessageHandler;
import eu.eevidence.gw.gateway.evidence.EvidenceLimits;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.handoff.HandoffService;
import eu.eevidence.gw.gateway.handoff.HandoffStore;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.intake.SignedSubmissionPolicy;
import eu.eevidence.gw.gateway.network.DestinationsModule;
import eu.eevidence.gw.gateway.observe.NodeMetrics;
import eu.eevidence.gw.gateway.observe.NodeTracing;
import eu.eevidence.gw.gateway.network.DirectoryModule;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.network.NetworkOutbox;
import eu.eevidence.gw.gateway.network.TransportModule;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.privacy.EvidenceKeys;
import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.network.DirectoryWitnessKeys;
import eu.eevidence.gw.gateway.witness.PeerLogKeys;
import eu.eevidence.gw.gateway.witness.WitnessModule;
import eu.eevidence.gw.gateway.witness.WitnessSettings;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.tracking.ComplianceMeters;
import eu.eevidence.gw.gateway.tracking.ComplianceQueries;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.gateway.transfer.TransferModule;
import eu.eevidence.gw.gateway.trust.NodeTrustServices;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.apache.camel.ServiceStatus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Builds one {@link GatewayNode} from the features' modules, in start order: keys, the network directory, storage and
 * broker, delivery destinations, routes and delivery, the directory's later versions, trust services and intake, the
 * evidence store, the evidence transfer, the answers, the node-to-node transport, the requested Party's cases, the
 * answer channels, the HTTPS API, then the background work. Every collaborator is a constructor argument and every
 * field is final, assigned once in the constructor in that order; what starts something is registered in
 * {@link #started}, which the node closes in reverse order (also when a later step fails). Three true cycles are broken
 * by a {@link Later} each (docs/design/structure.md, "Wiring").
 */
final class NodeAssembly {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatewayNode.class);

    private final List<AutoCloseable> started;
    private final NodeMetrics metrics;
    private final NodeTracing tracing;
    private final NodeConfig config;
    private final Clock clock;
    private final NodeKeys keys;
    private final DirectoryModule networkDirectory;
    private final Database db;
    private final CustodyService custody;
    private final RequestRepository requests;
    private final AlertModule alerts;
    private final EmbeddedBroker broker;
    private final DestinationsModule destinations;
    private final DeadlineEngine deadlines;
    private final LifecycleListener lifecycle;
    private final HandoffService handoffs;
    private final DeliveryModule delivery;
    private final LaneQueue queue;
    private final NodeTrustServices trustServices;
    private final CmsProfile cms;
    private final Sealer sealer;
    private final IntakeService intake;
    private final TrackingQueries tracking;
    private final RequestActions actions;
    private final EvidenceStore evidenceStore;
    private final RetentionService retention;
    private final EvidenceService evidence;
    private final TransferModule transfer;
    private final AnswerService answers;
    private final TransportModule transport;
    private final AtomicReference<InboundCases> inboundCases;
    private final CasesModule cases;
    /** ADR-0031: platforms' own emergency disclosures, opening cases for the 24/7 contact point. */
    private final PlatformDisclosures disclosures;
    private final ChannelModule channels;
    private final WitnessModule witness;
    private final RestServer rest;
    private final AnswerPoller answerPoller;

    private NodeAssembly(NodeConfig configured, InboundCases pluggedCases, AlarmsConfig alarmsConfig, List<AutoCloseable> started)
            throws Exception {
        this.started = started;
        this.metrics = start(new NodeMetrics()); // ADR-0027: one registry per node, JVM meters bound
        // ADR-0027: one tracer provider per node (not the global one); no exporter thread unless export is configured
        this.tracing = start(new NodeTracing(configured.tracing(), configured.identity() == null ? "node" : configured.identity().nodeId()));
        this.clock = configured.clock();
        this.keys = NodeKeys.load(configured);
        this.networkDirectory = configured.networkDirectory() == null ? null : start(new DirectoryModule(configured.networkDirectory(),
                configured.identity(), keys.nodeKey(), keys.trust(), configured.dataDir(), clock, configured.peers(), configured.platforms()));
        // dir: the directory's peers and platforms, with the configured ones as development additions
        this.config = networkDirectory == null ? configured
                : configured.withNetwork(configured.identity(), networkDirectory.peers()).withPlatforms(networkDirectory.platforms());
        // storage: the database (embedded H2 unless a JDBC URL is configured), the custody log, the embedded broker
        NodeKek kek = NodeKek.loadOrCreate(NodeKek.location(config.dataDir()));
        this.db = start(config.jdbcUrl() == null
                ? Database.open(Database.embeddedUrl(config.dataDir()), "sa", "", kek, clock)
                : Database.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), kek, clock));
        CustodyModule custodyModule = start(new CustodyModule(config.dataDir(), db, clock, tracing.tracer()));
        this.custody = custodyModule.custody();
        CustodyMeters.register(custody.log(), clock, metrics.registry());
        this.requests = custodyModule.requests();
        // ADR-0030: alarms that reach people (e-mail, webhooks), raised into the outbox in the raising transactions
        this.alerts = alarmsConfig == null ? null : start(new AlertModule(alarmsConfig, db, clock));
        AlarmLog alarms = alerts == null ? AlarmLog.NONE : alerts.log();
        this.broker = start(EmbeddedBroker.start(config.dataDir(), config.retry()));
        this.destinations = new DestinationsModule(config.identity(), config.peers(), config.platforms(), keys.nodeKey(), keys.trust(), clock);
        // routes and delivery; cycle 1: deadline events go out through the producer that delivery's Camel creates;
        // cycle 2: the lifecycle feeds the requested Party's cases, built later on what delivery queues;
        // cycle 3: delivery hands network sends to the outbox, built later on what delivery queues
        Later<DeadlineNotifier> deadlineEvents = new Later<>("deadline events");
        Later<LifecycleListener> casesLifecycle = new Later<>("cases");
        Later<QueuedMessageHandler> networkSends = new Later<>("network sends");
        DeadlineMeters deadlineMeters = new DeadlineMeters(metrics.registry(), config.deadlines().rules());
        this.deadlines = new DeadlineEngine(requests, config.deadlines().rules(), new DeadlineCalculator(HolidayCalendar.builtIn()),
                config.deadlines().warnings(), (event, duplicateId) -> {
                    DeadlineNotifier p = deadlineEvents.get();
                    if (p == null) {
                        throw new IllegalStateException(NodeError.DDL_PUBLISH.code() + " not started");
                    }
                    p.publish(event, duplicateId);
                    deadlineMeters.count(event);
                }, clock, alarms);
        DeadlineEngine engine = deadlines;
        this.lifecycle = (c, r, event, at, notBefore) -> {
            engine.onEvent(c, r, event, at, notBefore);
            LifecycleListener hook = casesLifecycle.get();
            if (hook != null) {
                hook.onEvent(c, r, event, at, notBefore);
            }
        };
        this.handoffs = handoffs();
        this.delivery = start(new DeliveryModule(broker, destinations.directory(), destinations.adapters(), config.deliveryPolicy(),
                new DeliveryService.Handlers(networkSends, handoffs, deliveryKeys()),
                new DeliveryModule.Needs(requests, custody, lifecycle, clock, alarms, metrics.registry(), tracing)));
        deadlineEvents.set(delivery.deadlineNotifier());
        DeliveryModule out = delivery;
        this.queue = new LaneQueue(out);
        if (networkDirectory != null) { // dir: later versions become delivery platforms and peers; polling stops before the routes
            started.add(networkDirectory.follow(destinations, configuredPlatforms(configured), configured.peers(), keys.nodeKey(), keys.trust(),
                    out::addDestination));
        }
        // pki4: the trust services (OCSP responder, TSA; CAdES-T on the node's seals), intake (sealing, signed submissions)
        this.trustServices = NodeTrustServices.create(config.trustServices(), keys.devPki(), clock);
        this.cms = trustServices.timeStamper() == null ? new CmsProfile(clock) : new CmsProfile(clock).withTimeStamper(trustServices.timeStamper());
        CmsProfile sealing = cms;
        KeyMaterial nodeKey = keys.nodeKey();
        TrustAnchors trust = keys.trust();
        this.sealer = (content, recipient) -> tracing.inSpan("eeg.seal", () -> sealing.seal(content, nodeKey, List.of(recipient)));
        this.intake = new IntakeService(new JsonCodec(), requests, destinations.directory(), sealer, queue, clock, custody,
                new IntakeService.Options(deadlines, destinations.peerRoutes(), signed -> sealing.verify(signed, trust),
                        new SignedSubmissionPolicy(config.access().signedMaxAge(), config.access().signedFutureSkew(), config.access()::maySubmitFor,
                                config.access().emergenciesSigned()),
                        (kind, type) -> destinations.adapters().forKind(kind).flatMap(a -> a.unsupported(type)))); // ADR-0033
        SignedAnswerVerifier signedAnswers = PlatformAnswerTrust.verifier(keys, trustServices, cms, clock); // ADR-0008
        // tracking, the contact point's actions; evid: the encrypted evidence store (ADR-0010) and retention
        this.tracking = new TrackingQueries(db);
        this.actions = new RequestActions(requests, deadlines, destinations.directory(), sealer, queue, clock, destinations.peerRoutes(),
                destinations.adapters());
        this.evidenceStore = new EvidenceStore(config.dataDir(), cms, nodeKey, trust, EvidenceKeys.of(db, clock));
        this.retention = new RetentionService(requests, new RequestRetentionStore(), clock, purgeParts(db, evidenceStore));
        this.evidence = new EvidenceService(requests, destinations.directory(), evidenceStore, custody, clock, EvidenceLimits.DEFAULTS,
                content -> sealing.sign(content, nodeKey));
        evidence.removeLeftoverParts();
        // xfer: evidence transfer between nodes (ADR-0017), started below after the cases as before
        this.transfer = destinations.peerRoutes() == null ? null : new TransferModule(destinations,
                new TransferModule.Needs(db, requests, custody, clock, config.dataDir(), new OpenedCaseQueries()),
                evidence, evidenceStore, cms, nodeKey, trust,
                config.deliveryPolicy());
        // the answers of the platform API (signed platform answers, ADR-0008) and of peers (execution reports to the transfer)
        this.answers = new AnswerService(requests, destinations.directory(), lifecycle, custody, clock, signedAnswers,
                transfer == null ? null : transfer.transfers()::executionReport);
        // peer: the node-to-node transport (ADR-0013); peers' requests and follow-ups go to the cases (or what the caller plugs in)
        this.inboundCases = new AtomicReference<>(pluggedCases);
        this.transport = destinations.peerRoutes() == null ? null : start(new TransportModule(destinations,
                new TransportModule.Keys(nodeKey, trust, sealer), new TransportModule.Needs(db, requests, custody, clock), queue, answers,
                inboundCases::get));
        if (transport != null) {
            networkSends.set(transport.outbox());
        }
        // inbound: the requested Party's cases (ADR-0015), which follow their domestic orders through the lifecycle
        this.cases = start(new CasesModule(new CasesModule.Needs(db, requests, custody, clock, alarms), intake, actions, destinations.directory(),
                deadlines.rules(), config.identity() == null ? null : config.identity().country(), transport));
        casesLifecycle.set(cases.cases());
        this.disclosures = new PlatformDisclosures(signedAnswers, destinations.directory(), cases.cases(),
                config.identity() == null ? null : config.identity().country(), clock);
        if (pluggedCases == null) {
            inboundCases.set(cases.cases());
        }
        if (transfer != null) {
            started.add(transfer.start());
        }
        // chan: the answer channels (PUSH endpoints, POLL cursors) and the adapters' data deliveries into the evidence store
        this.channels = new ChannelModule(db, requests, destinations.directory(), destinations.adapters(), evidence, lifecycle, custody, clock);
        this.witness = witnessing(alarms); // issue 19: peers witness each other's custody logs (ADR-0028)
        eu.eevidence.gw.gateway.witness.WitnessMeters.register(witness == null ? null : witness.cosigner(), clock, metrics.registry());
        this.rest = start(api());
        this.answerPoller = background();
        LOG.info(NodeError.NODE_READY.code() + " {} (data {}, {} platform(s))", rest.baseUrl(), config.dataDir().toAbsolutePath(),
                destinations.platforms().size());
    }

    /** Starts a node; on a failure closes what was started and rethrows. */
    static GatewayNode assemble(NodeConfig config, InboundCases inboundCases, AlarmsConfig alarms) throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            NodeAssembly a = new NodeAssembly(config, inboundCases, alarms, started);
            return new GatewayNode(a.started, a.rest, a.nodeParts(), a.inboundCases, a.probe());
        } catch (Exception | Error e) {
            Shutdown.inReverse(started);
            throw e;
        }
    }

    private <T extends AutoCloseable> T start(T closeable) {
        started.add(closeable);
        return closeable;
    }

    private GatewayNode.Parts nodeParts() {
        return new GatewayNode.Parts(keys, requests, deadlines, custody, trustServices, delivery.delivery(), evidence);
    }

    private NodeProbe probe() {
        return new NodeProbe(new NodeProbe(rest, broker, delivery.camel(), networkDirectory == null ? null : networkDirectory.store(),
                cases.cases(), answerPoller, new NodeProbe.Peers(transport, transfer == null ? null : transfer.transfers(), witness)), alerts);
    }

    /** issue 19: the node witnesses its peers' custody logs and has its own cosigned by them (null without peers). */
    private WitnessModule witnessing(AlarmLog alarms) throws Exception {
        if (destinations.peerRoutes() == null) {
            return null;
        }
        WitnessSettings settings = WitnessSettings.load(config.dataDir());
        DirectoryModule dir = networkDirectory;
        java.util.function.Supplier<Map<String, PeerLogKeys>> peerKeys = () -> {
            Map<String, PeerLogKeys> all = new LinkedHashMap<>(settings.peerKeys());
            if (dir != null && dir.store().current() != null) {
                all.putAll(DirectoryWitnessKeys.of(dir.store().current().directory()));
            }
            return all;
        };
        PeerRoutes peers = destinations.peerRoutes();
        return start(new WitnessModule(config.dataDir(), new WitnessModule.Needs(db, custody.log(), peers::all, peerKeys, clock, alarms), settings,
                keys.nodeKey(), keys.trust()));
    }

    /** dir: the configured platforms as built at start (kept when a directory version does not list their id). */
    private List<Platform> configuredPlatforms(NodeConfig configured) throws Exception {
        List<Platform> fromConfig = new ArrayList<>();
        for (PlatformSpec spec : configured.platforms()) {
            fromConfig.add(destinations.platform(spec));
        }
        return fromConfig;
    }

    /** Each feature's part of a request's purge (ADR-0020), in the order the shredder runs them after the request's own. */
    private static List<RequestDataPurge> purgeParts(Database db, EvidenceStore evidenceStore) {
        OutboxStore outbox = new OutboxStore(db.dataKeys());
        return List.of(new AnswerPurgeStore(), new TransferPurgeStore(), new SubmissionPurgeStore(), new EvidencePurgeStore(evidenceStore),
                new HandoffStore(), outbox, new CasePurgeStore(outbox), CustodyRecordStore.forPurge(),
                eu.eevidence.gw.gateway.victim.VictimDataStore.forPurge()); // ADR-0037
    }

    /** handoff: platforms of kind MANUAL are handed over by an operator (ADR-0011), their manifests signed by the node. */
    private HandoffService handoffs() {
        KeyMaterial manifestKey = keys.nodeKey();
        CmsProfile manifestCms = new CmsProfile(clock);
        return new HandoffService(requests, new HandoffStore(), lifecycle, custody,
                manifest -> manifestCms.sign(manifest, manifestKey), config.dataDir(), clock);
    }

    /** The idempotency key of a request's delivery: to a peer node, the catalogue message id of the request. */
    private DeliveryService.DeliveryKeys deliveryKeys() {
        if (destinations.peerRoutes() == null) {
            return DeliveryService.DeliveryKeys.REQUEST_ID;
        }
        return (platform, record) -> PeerRoutes.ADAPTER_KIND.equals(platform.adapterKind())
                ? NetworkOutbox.messageIdOfRequest(requests, record.id()).orElse(record.idempotencyKeyForDelivery())
                : record.idempotencyKeyForDelivery();
    }

    /** The HTTPS API (mutual TLS; the revoked-clients deny list; OCSP and TSA without a client certificate). */
    private RestServer api() throws Exception {
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        Database database = db;
        EmbeddedBroker b = broker;
        org.apache.camel.CamelContext routes = delivery.camel();
        checks.put("database", database::isHealthy);
        checks.put("broker", b::isActive);
        checks.put("routes", () -> routes.getStatus() == ServiceStatus.Started);
        java.net.URI publicBase = config.publicBaseUrl(port); // Location and absolute URLs: from configuration, never from Host
        RequestResource requestResource = new RequestResource(intake, requests, config.maxBodyBytes(), tracking, actions, deadlines, retention,
                clock, publicBase, transport == null ? null : transport.receiptInbox());
        if (config.publicBaseUrl() == null && (config.host().equals("0.0.0.0") || config.host().equals("::") || config.host().equals("[::]"))) {
            LOG.warn(NodeError.CFG_PUBLIC_URL.code() + " the API listens on a wildcard address and no public URL is configured: Location headers name {};"
                    + " set serve --public-url", publicBase);
        }
        PlatformResource platformResource = new PlatformResource(answers, tracking, requests, retention, config.maxBodyBytes(), clock);
        List<Object> resources = new ArrayList<>();
        resources.add(new PushResource(channels.push()));
        resources.add(new HandoffResource(handoffs, requests, config.maxBodyBytes(), clock));
        // ADR-0038: hash lists after removal orders (resurfacing prevention); a platform may set hashList.matchDistance
        resources.add(new eu.eevidence.gw.gateway.api.HashListResource(actions.hashLists(evidence,
                eu.eevidence.gw.gateway.action.HashLists.DEFAULT_MATCH_DISTANCE), requests, config.maxBodyBytes(), clock));
        if (transport != null) {
            resources.add(new NetworkReceiptResource(transport.receiptInbox()));
            resources.add(new NetworkResource(transport.inbox(), config.maxBodyBytes()));
            resources.add(new EvidenceTransferResource(transfer.source()));
        }
        if (networkDirectory != null) {
            resources.add(new NetworkDirectoryResource(networkDirectory.store()));
        }
        resources.addAll(List.of(requestResource,
                metricsResource(),
                new HealthResource(checks), new OpenApiResource(), new CustodyResource(custody),
                platformResource,
                new EvidenceUploadResource(evidence, publicBase), new EvidenceResource(evidence),
                new CaseResource(cases.cases(), config.maxBodyBytes(), clock)));
        resources.add(new EmergencyDisclosureResource(disclosures, config.maxBodyBytes(), clock));
        resources.addAll(protectedData()); // issue 21 items 3-4 (ADR-0037)
        resources.addAll(trustServices.resources());
        if (witness != null) {
            resources.add(new WitnessResource(witness.service()));
        }
        if (alerts != null) { // ADR-0030: the alarms given up for a subscriber, for operators
            resources.add(new eu.eevidence.gw.gateway.api.AlarmsResource(alerts));
        }
        // issue 16 item 6: the auditor's view of a request's custody (records, inclusion proofs, offline bundle)
        // issue 19 items 3-4: a request's records and court bundle (ADR-0029), for an auditor or the submitter
        WitnessModule w = witness;
        resources.add(new eu.eevidence.gw.gateway.api.CustodyRecordsResource(custody, requestResource,
                CourtBundles.exports(requests, transport, db, custody, witness, cms, keys.nodeKey(), evidence),
                w == null ? eu.eevidence.gw.gateway.api.CustodyRecordsResource.WitnessAlarms.NONE : () -> w.store().alarms(20)));
        // issue 16: the web console under /console/ on the same port, same certificates and checks (ADR-0024), found by
        // ServiceLoader: it calls the API resources above in-process and the node does not depend on it
        List<Object> pageProviders = new ArrayList<>();
        NodePages.Api apiResources = new NodePages.Api(resources, clock);
        for (NodePages pages : java.util.ServiceLoader.load(NodePages.class, NodePages.class.getClassLoader())) {
            NodePages.Installed installed = pages.install(apiResources);
            resources.addAll(installed.resources());
            pageProviders.addAll(installed.providers());
        }
        // ADR-0021: rate limits around authentication; EKU, deny list and OCSP/CRL status of every client certificate
        RequestRateLimits limits = new RequestRateLimits(config.access(), clock);
        ClientCertificateChecks certificateChecks = new ClientCertificateChecks(
                new RevokedClients(config.dataDir().resolve("pki").resolve(RevokedClients.FILE))::isRevoked,
                ClientRevocation.checker(config.access(), keys.trust(), keys.nodeKey(), trustServices.ocspAuthority(), trustServices.inProcessOcsp(), clock),
                clock);
        List<Object> providers = new ArrayList<>(List.of(new HttpMetricsFilter(metrics.registry()), new eu.eevidence.gw.gateway.api.LogContextFilter(),
                new eu.eevidence.gw.gateway.api.TraceFilter(tracing),
                new eu.eevidence.gw.gateway.api.EarlyRefusal(),
                new eu.eevidence.gw.gateway.api.StrictInputFilter(), new ClientCertificateFilter(config.maxBodyBytes(), certificateChecks),
                new RateLimitFilter(limits), new ErrorMappers.HttpErrors(), new ErrorMappers.Unexpected(),
                new eu.eevidence.gw.gateway.api.ArchivedReadOnly(requests)));
        providers.addAll(pageProviders);
        return RestServer.start(config.host(), port, config.httpEdge(), limits, keys.nodeKey(), keys.trust(), resources, providers);
    }

    /** ADR-0037: victims' data beside the requests, and the protected statistics ({@code <data-dir>/protected-data.properties}). */
    private List<Object> protectedData() {
        eu.eevidence.gw.gateway.statistics.StatisticsSettings settings = eu.eevidence.gw.gateway.statistics.StatisticsSettings.load(config.dataDir());
        eu.eevidence.gw.gateway.victim.VictimDataStore victims = new eu.eevidence.gw.gateway.victim.VictimDataStore(db);
        return List.of(new eu.eevidence.gw.gateway.api.VictimDataResource(requests, victims, settings.victimDataReaders(), clock),
                eu.eevidence.gw.gateway.api.ArchiveResource.withDefaultRetention(requests, clock),
                new eu.eevidence.gw.gateway.api.StatisticsResource(new eu.eevidence.gw.gateway.statistics.StatisticsService(
                        new eu.eevidence.gw.gateway.statistics.StatisticsStore(db), victims, settings, clock)));
    }

    /** ADR-0027: the scrape (JVM, HTTP, routes, broker, pool, delivery, deadlines, custody, compliance) and the JSON figures. */
    private MetricsResource metricsResource() {
        ComplianceQueries complianceQueries = new ComplianceQueries(db);
        NodeMeters polled = new NodeMeters(metrics, db, broker, delivery.delivery(), delivery.emergencyDelivery(),
                new ComplianceMeters(complianceQueries, tracking, clock, metrics.registry()));
        return new MetricsResource(complianceQueries, tracking, clock, new DeliveryStatus(delivery.delivery(), delivery.emergencyDelivery()),
                new MetricsResource.Scrapes(metrics, polled::refresh));
    }

    /** After the API is up: requests left unqueued by a crash, the outbox, the deadline scheduler, the POLL platforms. */
    private AnswerPoller background() throws Exception {
        queue.requeueAccepted(requests);
        if (transport != null) {
            transport.start();
        }
        started.add(DeadlineScheduler.start(deadlines, retention::purgeDue, config.deadlines().tick()));
        if (alerts != null) {
            alerts.start(); // sends what a stop interrupted (same ids), then dispatches every dispatchEvery
        }
        return start(channels.startPolling(tracing.tracer()));
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }
}
