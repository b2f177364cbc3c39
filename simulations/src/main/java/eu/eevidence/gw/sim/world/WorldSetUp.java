package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.network.Instrument;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Portal;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the world: one PKI, a {@link SimulatedPlatformPortal} per platform, one {@link GatewayNode} per country (own
 * data directory, loopback port, every other node as a peer in network mode), started in parallel, and the contact
 * points' and platforms' clients to each node.
 */
final class WorldSetUp {

    private final World w;

    WorldSetUp(World w) {
        this.w = w;
    }

    void setUp() throws Exception {
        long t0 = System.nanoTime();
        Duration validity = Duration.ofDays((long) w.s.durationDays() + 400);
        DevPki pki = DevPki.loadOrCreate(w.dir.resolve("world-pki"), w.clock);
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        startPortals(pki, trust, validity);
        List<Country> list = configureNodes(pki, trust, validity);
        startNodes(list);
        for (Country c : list) {
            c.config = c.config.withPort(URI.create(c.node.baseUrl()).getPort()); // the same port after a restart
            Files.createDirectories(c.dir.resolve("pki"));
            c.cp = new ContactPointClient(c.node.baseUrl(), c.primaryKey, trust);
            c.cpSecondary = new ContactPointClient(c.node.baseUrl(), c.secondaryKey, trust);
            c.civilCourt = new ContactPointClient(c.node.baseUrl(), issuer(pki, c.code, "civil court", Role.CIVIL_COURT, validity), trust);
            c.regulator = new ContactPointClient(c.node.baseUrl(), issuer(pki, c.code, "online safety regulator", Role.ADMINISTRATIVE_AUTHORITY,
                    validity), trust);
            c.auditor = new ContactPointClient(c.node.baseUrl(), issuer(pki, c.code, "auditor", Role.AUDITOR, validity), trust);
            for (Portal p : w.portals.values()) {
                c.platformClients.put(p.plan().id(), new ContactPointClient(c.node.baseUrl(), p.key(), trust));
            }
            w.countries.put(c.code, c);
        }
        w.out.printf("  set up %d nodes and %d portals in %d ms wall%n", w.countries.size(), w.portals.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    private void startPortals(DevPki pki, TrustAnchors trust, Duration validity) throws Exception {
        for (WorldScenario.Country c : w.s.countries()) {
            for (WorldScenario.Platform p : c.platforms()) {
                KeyMaterial key = pki.loadOrIssue("platform-" + p.id(), new IssueRequest("simulated portal " + p.id(), Role.PLATFORM,
                        List.of("127.0.0.1"), KeyKind.EC_P256, validity, true, true));
                SimulatedPlatformPortal server = SimulatedPlatformPortal.start(key, trust, w.dir.resolve("portals").resolve(p.id()),
                        Duration.ofDays(p.preservationDays()), w.clock);
                w.portals.put(p.id(), new Portal(p, c.code(), server, key, new int[1]));
            }
        }
    }

    /** Each country's node configuration and contact-point keys (the 24/7 network: every node knows every other as a peer). */
    private List<Country> configureNodes(DevPki pki, TrustAnchors trust, Duration validity) throws Exception {
        List<PlatformSpec> specs = new ArrayList<>();
        for (Portal p : w.portals.values()) {
            specs.add(new PlatformSpec(p.plan().id(), "json-portal", URI.create(p.server().baseUrl()), p.key().certificate(), List.of()));
        }
        WorldScenario.Retry r = w.s.retry();
        EmbeddedBroker.RetryPolicy retry = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(r.initialMillis()), r.multiplier(),
                Duration.ofMillis(r.maxMillis()), r.attempts());
        List<Country> list = new ArrayList<>();
        // fixed loopback ports, one world CA
        Map<String, KeyMaterial> nodeKeys = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<PeerSpec> network = new ArrayList<>();
        for (WorldScenario.Country wc : w.s.countries()) {
            String cc = wc.code().toLowerCase(Locale.ROOT);
            KeyMaterial nodeKey = pki.loadOrIssue("node-" + cc, new IssueRequest("gateway node " + wc.code(), Role.NODE,
                    List.of("localhost", "127.0.0.1"), KeyKind.EC_P256, validity, true, true));
            nodeKeys.put(wc.code(), nodeKey);
            int port = freePort();
            ports.put(wc.code(), port);
            network.add(new PeerSpec(identity(wc.code()), URI.create("https://127.0.0.1:" + port + "/"), nodeKey.certificate(),
                    acceptedTypes(wc.instruments())));
        }
        for (WorldScenario.Country wc : w.s.countries()) {
            Country c = new Country(wc.code(), w.dir.resolve("nodes").resolve(wc.code()));
            String cc = wc.code().toLowerCase(Locale.ROOT);
            KeyMaterial nodeKey = nodeKeys.get(wc.code());
            c.config = NodeConfig.embedded(c.dir).withPort(ports.get(wc.code())).withKeys(nodeKey, trust).withPlatforms(specs).withRetry(retry)
                    .withClock(w.clock);
            if (w.networkMode()) {
                c.config = c.config.withNetwork(identity(wc.code()),
                        network.stream().filter(peer -> !peer.country().equals(wc.code())).toList());
            }
            c.primaryKey = pki.loadOrIssue("cp-" + cc, new IssueRequest("24/7 contact point " + wc.code(), Role.CONTACT_POINT, List.of(),
                    KeyKind.EC_P256, validity, false, true));
            c.secondaryKey = pki.loadOrIssue("cp2-" + cc, new IssueRequest("judicial authority desk " + wc.code(), Role.CONTACT_POINT, List.of(),
                    KeyKind.EC_P256, validity, false, true));
            list.add(c);
        }
        if (w.networkMode()) {
            WorldWitnesses.configure(list);
        }
        return list;
    }

    /** A client certificate of the country's civil court, regulator or auditor (issued by the world's PKI at set-up). */
    private static KeyMaterial issuer(DevPki pki, String country, String what, Role role, Duration validity) throws Exception {
        return pki.loadOrIssue(role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + country.toLowerCase(Locale.ROOT),
                new IssueRequest(what + " " + country, role, List.of(), KeyKind.EC_P256, validity, false, true));
    }

    /**
     * The message types a Party bound by {@code instruments} is sent (its peer entry): every type whose legal basis cites
     * one of them, or no instrument ({@link Instrument#requiredFor}); null instruments = every type (empty set).
     */
    static Set<String> acceptedTypes(List<String> instruments) {
        if (instruments == null) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>();
        for (MessageType t : MessageType.values()) {
            Set<Instrument> required = Instrument.requiredFor(t);
            if (required.isEmpty() || required.stream().anyMatch(i -> instruments.contains(i.name()))) {
                out.add(t.name());
            }
        }
        return out;
    }

    /** Starts the nodes in parallel (independent data directories): start-up dominates short worlds. */
    private static void startNodes(List<Country> list) throws Exception {
        ExecutorService starter = Executors.newFixedThreadPool(Math.min(4, list.size()));
        try {
            List<Future<GatewayNode>> started = new ArrayList<>();
            for (Country c : list) {
                started.add(starter.submit(() -> GatewayNode.start(c.config)));
            }
            Exception failure = null;
            for (int i = 0; i < list.size(); i++) {
                try {
                    list.get(i).node = started.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null ? (e.getCause() instanceof Exception x ? x : e) : failure;
                }
            }
            if (failure != null) {
                list.stream().filter(c -> c.node != null).forEach(c -> c.node.close());
                throw failure;
            }
        } finally {
            starter.shutdown();
        }
    }

    static NodeIdentity identity(String country) {
        return new NodeIdentity(country.toLowerCase(Locale.ROOT) + "-247", country, NodeRole.CONTACT_POINT_24_7);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
