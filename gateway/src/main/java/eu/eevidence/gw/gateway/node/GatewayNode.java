package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.api.ErrorMappers;
import eu.eevidence.gw.gateway.api.HealthResource;
import eu.eevidence.gw.gateway.api.MetricsResource;
import eu.eevidence.gw.gateway.api.OpenApiResource;
import eu.eevidence.gw.gateway.api.PlatformResource;
import eu.eevidence.gw.gateway.answer.AnswerService;
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
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
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
                platforms.add(new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(), Tls.sslContext(nodeKey, portalTrust)));
            }
            PlatformDirectory directory = new PlatformDirectory(platforms);
            AdapterRegistry adapters = AdapterRegistry.load();
            for (Platform p : platforms) {
                if (adapters.forKind(p.adapterKind()).isEmpty()) {
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
            DeliveryService delivery = new DeliveryService(requests, directory, adapters, config.clock(), deadlines, custody);
            camel.addRoutes(new DeliveryRoutes(directory, delivery));
            camel.addRoutes(new DeadlineRoutes());
            camel.start();
            started.add(camel);
            started.add(producerCf::destroy);
            ProducerTemplate producer = camel.createProducerTemplate();
            started.add(producer);
            publisher.set(producer);

            CmsProfile cms = new CmsProfile(config.clock());
            KeyMaterial sealingKey = nodeKey;
            DeliveryQueue queue = (platformId, requestId) -> producer.sendBodyAndHeaders(DeliveryRoutes.ENQUEUE, requestId, Map.of(
                    DeliveryRoutes.HEADER_QUEUE, DeliveryQueues.queueFor(platformId),
                    DeliveryRoutes.HEADER_DUPLICATE_ID, requestId));
            IntakeService intake = new IntakeService(new JsonCodec(), requests, directory,
                    (content, recipient) -> cms.seal(content, sealingKey, List.of(recipient)), queue, config.clock(), deadlines, custody);
            TrustAnchors clientTrust = trust;
            intake.acceptSignedSubmissions(signed -> cms.verify(signed, clientTrust));

            TrackingQueries tracking = new TrackingQueries(db);
            RetentionService retention = new RetentionService(requests, config.clock());
            RequestActions actions = new RequestActions(requests, deadlines, directory,
                    (content, recipient) -> cms.seal(content, sealingKey, List.of(recipient)), queue, config.clock());
            Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
            checks.put("database", db::isHealthy);
            checks.put("broker", broker::isActive);
            checks.put("routes", () -> camel.getStatus() == ServiceStatus.Started);
            int port = config.port() == 0 ? freePort(config.host()) : config.port();
            RestServer rest = RestServer.start(config.host(), port, nodeKey, trust,
                    List.of(new RequestResource(intake, requests, config.maxBodyBytes(), tracking, actions, deadlines, retention, config.clock()),
                            new MetricsResource(new ComplianceQueries(db), tracking, config.clock()), new HealthResource(checks), new OpenApiResource(), new CustodyResource(custody),
                            new PlatformResource(new AnswerService(requests, directory, deadlines, custody, config.clock()), tracking,
                                    config.maxBodyBytes(), config.clock())),
                    List.of(new ClientCertificateFilter(config.maxBodyBytes(),
                                    // --- sim: revoked client certificates (deny list file, re-read on change) ---
                                    new eu.eevidence.gw.gateway.api.RevokedClients(config.dataDir().resolve("pki").resolve(eu.eevidence.gw.gateway.api.RevokedClients.FILE))),
                            new ErrorMappers.HttpErrors(), new ErrorMappers.Unexpected()));
            started.add(rest);

            GatewayNode node = new GatewayNode(started, rest, requests, broker, nodeKey, trust, devPki, camel, deadlines);
            node.custody = custody;
            node.requeueAccepted(queue);
            started.add(DeadlineScheduler.start(deadlines, retention, config.deadlines().tick()));
            LOG.info("EEG-NODE-READY {} (data {}, {} platform(s))", rest.baseUrl(), config.dataDir().toAbsolutePath(), platforms.size());
            return node;
        } catch (Exception | Error e) {
            closeAll(started);
            throw e;
        }
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

    /** The custody log service (flush and publish on demand, export records). */
    public CustodyService custody() {
        return custody;
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
