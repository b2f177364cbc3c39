package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.network.NodeIdentity;
import eu.eevidence.gw.gateway.network.NodeRole;
import eu.eevidence.gw.gateway.network.PeerSpec;
import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.Progress;
import eu.eevidence.gw.custody.audit.VerifyReport;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.gateway.api.RevokedClients;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.EmbeddedBroker;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.node.PlatformSpec;
import eu.eevidence.gw.gateway.tracking.ComplianceQueries;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.MutableClock;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link WorldScenario}: one {@link GatewayNode} per country (own data directory, loopback port), one
 * {@link SimulatedPlatformPortal} per platform, contact points sending the traffic mix, platforms answering after their
 * delays, all on one {@link MutableClock} moved in steps (each step ticks every node's deadline engine). Faults are
 * injected at their virtual times. At the end the invariants are checked over every node's store and custody log.
 *
 * <p>Virtual and wall time: deliveries, retries and the broker run in wall time. After each step the runner waits (at
 * most {@code maxStepWallMillis}) until nothing is waiting for delivery to a healthy portal, so that a delivery happens
 * "within the step" in virtual time.
 */
public final class WorldRunner {

    private final WorldScenario s;
    private final Path dir;
    private final CrossBorder crossBorder;
    private final PrintStream out;
    private final MutableClock clock;
    private final Random rnd;
    private final Messages messages = new Messages();

    private final Map<String, Country> countries = new LinkedHashMap<>();
    private final Map<String, Portal> portals = new LinkedHashMap<>();
    private final Map<String, Sent> sentById = new ConcurrentHashMap<>();
    private final List<Sent> sentAll = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> rejections = new ConcurrentHashMap<>();
    private final PriorityQueue<Action> actions = new PriorityQueue<>((a, b) -> Double.compare(a.atHours, b.atHours));
    private final List<Double> emergencyVirtualMinutes = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> emergencyWallMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<WorldReport.FaultEvent> faultLog = new ArrayList<>();
    private final List<WorldReport.Recovery> recoveries = new ArrayList<>();
    private final List<PendingRecovery> pendingRecoveries = new ArrayList<>();
    private final Map<Integer, int[]> days = new TreeMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Set<String> slow = ConcurrentHashMap.newKeySet();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger crossSent = new AtomicInteger();
    private final AtomicInteger crossExchanged = new AtomicInteger();
    private final AtomicInteger casesDecided = new AtomicInteger();
    /** The envelope message id of the last Art. 29 preservation a Party sent another (route "FR>IE"), for Art. 31 to name. */
    private final Map<String, String> lastPreservation = new ConcurrentHashMap<>();
    private final AtomicInteger domesticOrders = new AtomicInteger();
    private final Map<String, Integer> crossReasons = new ConcurrentHashMap<>();
    private final Map<String, Integer> crossPerInstrument = new ConcurrentHashMap<>();
    private final AtomicInteger revokedAccepted = new AtomicInteger();
    private final AtomicInteger revokedRefused = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Evidence: its own random source, so that the traffic and answers draw what they drew before items had content. */
    private final Random evidenceRnd;
    private final List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());
    private final List<Upload> uploadQueue = new ArrayList<>();
    private int evidenceReports;
    private final java.util.concurrent.atomic.AtomicInteger uploadRetries = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong bytesUploaded = new java.util.concurrent.atomic.AtomicLong();
    private long uploadWallNanos;
    /** The platforms upload their items of a step in parallel (fsync-bound on the node's side). */
    private final ExecutorService uploaders = Executors.newFixedThreadPool(3);
    private int evidenceSeq;
    private double nowHours;
    private final Instant start;
    /** Sum of the clock jumps so far: node time = start + scenario time + jumps. */
    private long jumpMinutes;
    /** Scenario time of the action being played (answers are dated at their own time within a step). */
    private double actionHours;

    /** A country: its node (null while restarting), its contact points, the platforms' clients to it. */
    private static final class Country {
        final String code;
        final Path dir;
        NodeConfig config;
        volatile GatewayNode node;
        ContactPointClient cp;
        ContactPointClient cpSecondary;
        KeyMaterial primaryKey;
        KeyMaterial secondaryKey;
        volatile boolean secondaryRevoked;
        final Map<String, ContactPointClient> platformClients = new HashMap<>();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();

        Country(String code, Path dir) {
            this.code = code;
            this.dir = dir;
        }
    }

    private record Portal(WorldScenario.Platform plan, String country, SimulatedPlatformPortal server, KeyMaterial key, int[] cursor) {
    }

    /** A request sent to a node. */
    private static final class Sent {
        final String country;
        final String platform;
        final String instrument;
        final double atHours;
        final long wallNanos;
        final boolean viaSecondary;
        volatile String id;
        volatile int status;
        /** A domestic order made from another Party's case: that Party and its message id (its node fetches the evidence). */
        volatile String fromCountry;
        volatile String caseMessageId;

        Sent(String country, String platform, String instrument, double atHours, boolean viaSecondary) {
            this.country = country;
            this.platform = platform;
            this.instrument = instrument;
            this.atHours = atHours;
            this.wallNanos = System.nanoTime();
            this.viaSecondary = viaSecondary;
        }
    }

    /** An evidence item a platform declared: its content is regenerated from {@code seed} whenever it is uploaded. */
    private static final class Upload {
        final Sent sent;
        final String itemId;
        final long seed;
        final int size;
        final String sha256;
        volatile boolean stored;
        volatile String refused;

        Upload(Sent sent, String itemId, long seed, int size, String sha256) {
            this.sent = sent;
            this.itemId = itemId;
            this.seed = seed;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    /** A platform's (or requester's) action due at a scenario time. */
    private record Action(double atHours, String kind, String requestId) {
    }

    private static final class PendingRecovery {
        final String kind;
        final String platform;
        final double upAt;
        final long upWall;
        final int backlog;

        PendingRecovery(String kind, String platform, double upAt, long upWall, int backlog) {
            this.kind = kind;
            this.platform = platform;
            this.upAt = upAt;
            this.upWall = upWall;
            this.backlog = backlog;
        }
    }

    private WorldRunner(WorldScenario s, Path dir, CrossBorder crossBorder, PrintStream out) {
        this.s = s;
        this.dir = dir;
        this.crossBorder = crossBorder == null ? CrossBorder.network() : crossBorder;
        this.out = out;
        Instant start = s.start() != null ? s.start() : Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        this.start = start;
        this.clock = new MutableClock(start);
        this.rnd = new Random(s.seed());
        this.evidenceRnd = new Random(s.seed() * 1_000_003L + 0xE71D);
    }

    /** Runs the world under {@code dir} (node data, portals, PKI) and returns the report (not yet written to files). */
    public static WorldReport run(WorldScenario scenario, Path dir, CrossBorder crossBorder, PrintStream out) throws Exception {
        return new WorldRunner(scenario, dir, crossBorder, out).run();
    }

    private WorldReport run() throws Exception {
        long wall0 = System.nanoTime();
        Instant virtualStart = clock.instant();
        out.printf("world %s: %d countries, %d platforms, %.0f virtual days in steps of %d min, cross-border channel %s%n", s.name(),
                s.countries().size(), s.allPlatforms().size(), s.durationDays(), s.stepMinutes(), crossBorder.name());
        ExecutorService senders = Executors.newFixedThreadPool(s.traffic().senders());
        try {
            setUp();
            double endHours = s.durationDays() * 24;
            double step = s.stepMinutes() / 60.0;
            int lastPct = -1;
            while (nowHours < endHours - 1e-9) {
                double previous = nowHours;
                nowHours += step;
                dueActions(previous); // each at its own virtual time within the step
                clock.set(nodeTime(nowHours));
                retryUploads();
                faults(false);
                tickDeadlines();
                traffic(senders, step);
                settle(s.maxStepWallMillis());
                reviewCases();
                scanPortals();
                checkRecoveries();
                int pct = (int) (100 * nowHours / endHours);
                if (pct / 10 != lastPct / 10) {
                    lastPct = pct;
                    out.printf("  %3d%%  day %5.1f  sent %d  accepted %d  wall %d s%n", pct, nowHours / 24, sentAll.size(),
                            countries.values().stream().mapToInt(c -> c.accepted.size()).sum(), (System.nanoTime() - wall0) / 1_000_000_000L);
                }
            }
            faults(true); // end whatever is still going on (heal portals, start stopped nodes)
            drain();
            reviewCases();
            drain();
            evidenceTail();
            checkRecoveries();
            return finish(virtualStart, wall0);
        } finally {
            senders.shutdownNow();
            uploaders.shutdownNow();
            for (Country c : countries.values()) {
                if (c.node != null) {
                    c.node.close();
                }
            }
            portals.values().forEach(p -> p.server().close());
        }
    }

    // ---------------------------------------------------------------- set-up

    private void setUp() throws Exception {
        long t0 = System.nanoTime();
        Duration validity = Duration.ofDays((long) s.durationDays() + 400);
        DevPki pki = DevPki.loadOrCreate(dir.resolve("world-pki"), clock);
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        for (WorldScenario.Country c : s.countries()) {
            for (WorldScenario.Platform p : c.platforms()) {
                KeyMaterial key = pki.loadOrIssue("platform-" + p.id(), new IssueRequest("simulated portal " + p.id(), Role.PLATFORM,
                        List.of("127.0.0.1"), KeyKind.EC_P256, validity, true, true));
                SimulatedPlatformPortal server = SimulatedPlatformPortal.start(key, trust, dir.resolve("portals").resolve(p.id()),
                        Duration.ofDays(p.preservationDays()), clock);
                portals.put(p.id(), new Portal(p, c.code(), server, key, new int[1]));
            }
        }
        List<PlatformSpec> specs = new ArrayList<>();
        for (Portal p : portals.values()) {
            specs.add(new PlatformSpec(p.plan().id(), "json-portal", URI.create(p.server().baseUrl()), p.key().certificate(), List.of()));
        }
        EmbeddedBroker.RetryPolicy retry = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(s.retry().initialMillis()), s.retry().multiplier(),
                Duration.ofMillis(s.retry().maxMillis()), s.retry().attempts());
        List<Country> list = new ArrayList<>();
        // the 24/7 network: every node knows every other as a peer (fixed loopback ports, one world CA)
        Map<String, KeyMaterial> nodeKeys = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<PeerSpec> network = new ArrayList<>();
        for (WorldScenario.Country wc : s.countries()) {
            String cc = wc.code().toLowerCase(java.util.Locale.ROOT);
            KeyMaterial nodeKey = pki.loadOrIssue("node-" + cc, new IssueRequest("gateway node " + wc.code(), Role.NODE,
                    List.of("localhost", "127.0.0.1"), KeyKind.EC_P256, validity, true, true));
            nodeKeys.put(wc.code(), nodeKey);
            int port = freePort();
            ports.put(wc.code(), port);
            network.add(new PeerSpec(identity(wc.code()), URI.create("https://127.0.0.1:" + port + "/"), nodeKey.certificate(), Set.of()));
        }
        for (WorldScenario.Country wc : s.countries()) {
            Country c = new Country(wc.code(), dir.resolve("nodes").resolve(wc.code()));
            String cc = wc.code().toLowerCase(java.util.Locale.ROOT);
            KeyMaterial nodeKey = nodeKeys.get(wc.code());
            c.config = NodeConfig.embedded(c.dir).withPort(ports.get(wc.code())).withKeys(nodeKey, trust).withPlatforms(specs).withRetry(retry)
                    .withClock(clock);
            if (networkMode()) {
                c.config = c.config.withNetwork(identity(wc.code()),
                        network.stream().filter(peer -> !peer.country().equals(wc.code())).toList());
            }
            c.primaryKey = pki.loadOrIssue("cp-" + cc, new IssueRequest("24/7 contact point " + wc.code(), Role.CONTACT_POINT, List.of(),
                    KeyKind.EC_P256, validity, false, true));
            c.secondaryKey = pki.loadOrIssue("cp2-" + cc, new IssueRequest("judicial authority desk " + wc.code(), Role.CONTACT_POINT, List.of(),
                    KeyKind.EC_P256, validity, false, true));
            list.add(c);
        }
        // start the nodes in parallel (independent data directories): start-up dominates short worlds
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
        for (Country c : list) {
            c.config = c.config.withPort(URI.create(c.node.baseUrl()).getPort()); // the same port after a restart
            Files.createDirectories(c.dir.resolve("pki"));
            c.cp = new ContactPointClient(c.node.baseUrl(), c.primaryKey, trust);
            c.cpSecondary = new ContactPointClient(c.node.baseUrl(), c.secondaryKey, trust);
            for (Portal p : portals.values()) {
                c.platformClients.put(p.plan().id(), new ContactPointClient(c.node.baseUrl(), p.key(), trust));
            }
            countries.put(c.code, c);
        }
        out.printf("  set up %d nodes and %d portals in %d ms wall%n", countries.size(), portals.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    // ---------------------------------------------------------------- traffic

    private void traffic(ExecutorService senders, double stepHours) throws Exception {
        WorldScenario.Traffic t = s.traffic();
        double years = nowHours / (24 * 365);
        double mean = t.requestsPerDay() * Math.pow(1 + t.growthPerYear(), years) * stepHours / 24;
        int n = poisson(mean);
        double emergencyShare = t.emergencyShareStart() + (t.emergencyShareEnd() - t.emergencyShareStart()) * Math.min(1, nowHours / (s.durationDays() * 24));
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WorldScenario.Route r = pickRoute();
            boolean emergency = rnd.nextDouble() < emergencyShare;
            boolean invalid = !emergency && rnd.nextDouble() < t.invalidShare();
            boolean secondary = rnd.nextDouble() < 0.1;
            if (portals.containsKey(r.to())) {
                String instrument = emergency ? Messages.EMERGENCY_PLATFORM : pick(t.mix(), Messages.PLATFORM_INSTRUMENTS);
                futures.add(senders.submit(() -> submit(r.from(), r.to(), instrument, invalid, secondary)));
            } else {
                String instrument = emergency ? Messages.EMERGENCY_COUNTRY : pick(t.mix(), Messages.COUNTRY_INSTRUMENTS);
                futures.add(senders.submit(() -> cross(r.from(), r.to(), instrument)));
            }
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private Void submit(String from, String platform, String instrument, boolean invalid, boolean secondary) {
        Country c = countries.get(from);
        Portal p = portals.get(platform);
        String ref = "SIM-" + from + "-" + sequence.incrementAndGet();
        String key = invalid ? "INVALID:" + instrument : instrument;
        Sent sent = new Sent(from, platform, key, nowHours, secondary);
        sentAll.add(sent);
        day(0);
        byte[] body = invalid ? messages.invalid(platform, p.country(), from, clock.instant(), ref)
                : messages.toPlatform(instrument, platform, p.country(), from, clock.instant(), ref);
        boolean revokedNow = secondary && c.secondaryRevoked;
        try {
            GatewayNode node = c.node;
            if (node == null) {
                sent.status = -1;
                rejections.merge("NODE-DOWN", 1, Integer::sum);
                return null;
            }
            ContactPointClient client = secondary ? c.cpSecondary : c.cp;
            ContactPointClient.Answer a = client.submit(body, ref);
            sent.status = a.status();
            if (a.status() == 201 || a.status() == 200) {
                String id = Messages.read(a.body().getBytes(StandardCharsets.UTF_8)).get("id").asText();
                sent.id = id;
                sentById.put(id, sent);
                c.accepted.add(id);
                day(1);
                if (Messages.emergency(instrument)) {
                    day(2);
                }
                if (invalid) {
                    violations.add("malformed submission " + ref + " was accepted as " + id);
                }
                if (revokedNow) {
                    revokedAccepted.incrementAndGet();
                    violations.add("a request from a revoked certificate was accepted: " + id);
                }
            } else {
                JsonNode problem = a.body() == null || a.body().isEmpty() ? null : Messages.read(a.body().getBytes(StandardCharsets.UTF_8));
                String code = problem != null && problem.has("code") ? problem.get("code").asText() : "HTTP-" + a.status();
                rejections.merge(code, 1, Integer::sum);
                if (revokedNow) {
                    revokedRefused.incrementAndGet();
                } else if (!invalid) {
                    violations.add("a valid " + instrument + " request from " + from + " was refused: " + a.status() + " " + code);
                }
            }
        } catch (IOException | InterruptedException e) {
            sent.status = -1;
            rejections.merge(c.node == null ? "NODE-DOWN" : "IO-" + e.getClass().getSimpleName(), 1, Integer::sum);
        }
        return null;
    }

    private Void cross(String from, String to, String instrument) {
        crossSent.incrementAndGet();
        crossPerInstrument.merge(instrument, 1, Integer::sum);
        Country a = countries.get(from);
        Country b = countries.get(to);
        if (networkMode()) {
            return crossOverNetwork(a, to, instrument);
        }
        try {
            CrossBorder.Outcome o = crossBorder.send(new CrossBorder.Message(from, to, instrument, Messages.emergency(instrument),
                    messages.toCountry(instrument, from, to, clock.instant()), clock.instant(), baseUrl(a),
                    baseUrl(b)));
            if (o.exchanged()) {
                crossExchanged.incrementAndGet();
            } else {
                crossReasons.merge(o.reason(), 1, Integer::sum);
            }
        } catch (Exception e) {
            crossReasons.merge("error: " + e.getClass().getSimpleName(), 1, Integer::sum);
        }
        return null;
    }

    private static String baseUrl(Country c) {
        GatewayNode n = c.node;
        return n == null ? null : n.baseUrl();
    }

    private synchronized void day(int column) {
        days.computeIfAbsent((int) Math.floor(Math.max(0, nowHours - 1e-9) / 24), d -> new int[4])[column]++;
    }

    private WorldScenario.Route pickRoute() {
        List<WorldScenario.Route> routes = s.traffic().routes();
        double total = routes.stream().mapToDouble(WorldScenario.Route::weight).sum();
        double x = rnd.nextDouble() * total;
        for (WorldScenario.Route r : routes) {
            x -= r.weight();
            if (x <= 0) {
                return r;
            }
        }
        return routes.get(routes.size() - 1);
    }

    private String pick(Map<String, Double> mix, List<String> allowed) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String a : allowed) {
            m.put(a, mix.getOrDefault(a, 0.0));
        }
        double total = m.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return allowed.get(rnd.nextInt(allowed.size()));
        }
        double x = rnd.nextDouble() * total;
        for (Map.Entry<String, Double> e : m.entrySet()) {
            x -= e.getValue();
            if (x <= 0) {
                return e.getKey();
            }
        }
        String last = allowed.get(allowed.size() - 1);
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (e.getValue() > 0) {
                last = e.getKey(); // rounding left x above zero: the last weighted one, never a type the mix leaves out
            }
        }
        return last;
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    // ---------------------------------------------------------------- platforms' and requesters' answers

    /** New deliveries the portals accepted: schedule the platform's answer. */
    private void scanPortals() {
        for (Portal p : portals.values()) {
            List<SimulatedPlatformPortal.Accepted> acc = p.server().accepted();
            for (int i = p.cursor()[0]; i < acc.size(); i++) {
                Sent sent = sentById.get(acc.get(i).requestId());
                if (sent == null) {
                    continue; // a withdrawal notice or a request of an earlier run
                }
                if (sent.instrument.equals("BUDAPEST_ART29_PRESERVATION") || sent.instrument.equals("EU_EPOC_PR")) {
                    continue; // preserved on receipt (the portal's receipt says PRESERVED)
                }
                boolean emergency = Messages.emergency(sent.instrument);
                double delay = delay(emergency ? p.plan().emergencyAnswerDelayHours() : p.plan().answerDelayHours());
                double x = rnd.nextDouble();
                String kind = x < p.plan().refuse() ? "REFUSAL" : x < p.plan().refuse() + p.plan().clarify() ? "CLARIFICATION_REQUEST" : "EXECUTION_REPORT";
                actions.add(new Action(nowHours + delay, kind, sent.id));
            }
            p.cursor()[0] = acc.size();
        }
    }

    private double delay(List<Double> range) {
        return range.get(0) + rnd.nextDouble() * Math.max(0, range.get(1) - range.get(0));
    }

    private Instant nodeTime(double hours) {
        return start.plusMillis((long) (hours * 3_600_000)).plus(Duration.ofMinutes(jumpMinutes));
    }

    private void dueActions(double previous) {
        List<Action> later = new ArrayList<>();
        double last = previous;
        while (!actions.isEmpty() && actions.peek().atHours() <= nowHours + 1e-9) {
            Action a = actions.poll();
            actionHours = Math.max(last, a.atHours()); // late ones (node was down) are played now, in order
            last = actionHours;
            clock.set(nodeTime(actionHours));
            Sent sent = sentById.get(a.requestId());
            Country c = countries.get(sent.country);
            if (c.node == null) {
                later.add(a); // the node is restarting: the platform tries again next step
                continue;
            }
            try {
                switch (a.kind()) {
                    case "CLARIFICATION_ANSWERED" -> {
                        String ev = "{\"event\":\"CLARIFICATION_ANSWERED\",\"occurredAt\":\"" + clock.instant() + "\"}";
                        ContactPointClient.Answer r = (sent.viaSecondary ? c.cpSecondary : c.cp).post("api/v1/requests/" + a.requestId() + "/events",
                                ev.getBytes(StandardCharsets.UTF_8), "application/json", null);
                        if (r.status() / 100 == 2) {
                            actions.add(new Action(actionHours + delay(List.of(1.0, 48.0)), "ACK_AND_REPORT", a.requestId()));
                        } else {
                            rejections.merge("event:" + code(r), 1, Integer::sum);
                        }
                    }
                    case "ACK_AND_REPORT" -> {
                        answer(c, sent, "ACKNOWLEDGEMENT");
                        completed(sent, report(c, sent));
                    }
                    case "CLARIFICATION_REQUEST" -> {
                        if (answer(c, sent, a.kind()) == 201) {
                            actions.add(new Action(actionHours + delay(List.of(0.5, 24.0)), "CLARIFICATION_ANSWERED", a.requestId()));
                        }
                    }
                    case "EXECUTION_REPORT" -> completed(sent, report(c, sent));
                    default -> answer(c, sent, a.kind());
                }
            } catch (IOException e) {
                later.add(a);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        actions.addAll(later);
    }

    private int answer(Country c, Sent sent, String type) throws IOException, InterruptedException {
        ContactPointClient client = c.platformClients.get(sent.platform);
        ContactPointClient.Answer r = client.post("api/v1/platform/answers", messages.answer(type, sent.id, sent.platform, clock.instant()),
                "application/json", null);
        if (r.status() != 201 && r.status() != 200) {
            rejections.merge("answer:" + code(r), 1, Integer::sum);
        }
        return r.status();
    }

    // ---------------------------------------------------------------- evidence: the platform's items, uploaded to the node

    /**
     * A final execution report with 1-2 items of 1-64 KiB (content from the world's seed), their real size and SHA-256 in
     * the manifest; once the node took the report, the platform uploads each item (one part) and completes it. An upload
     * the node could not take now (restarting, an I/O error) is tried again next step.
     */
    private int report(Country c, Sent sent) throws IOException, InterruptedException {
        int n = 1 + evidenceRnd.nextInt(2);
        List<Upload> items = new ArrayList<>();
        List<Messages.Item> manifest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = 1024 + evidenceRnd.nextInt(63 * 1024 + 1);
            long seed = evidenceRnd.nextLong();
            String sha = sha256(content(seed, size));
            String itemId = "sim-item-" + (++evidenceSeq);
            items.add(new Upload(sent, itemId, seed, size, sha));
            manifest.add(new Messages.Item(itemId, "application/octet-stream", size, sha));
        }
        ContactPointClient client = c.platformClients.get(sent.platform);
        ContactPointClient.Answer r = client.post("api/v1/platform/answers", messages.report(sent.id, sent.platform, clock.instant(), manifest),
                "application/json", null);
        if (r.status() != 201 && r.status() != 200) {
            rejections.merge("answer:" + code(r), 1, Integer::sum);
        }
        if (r.status() == 201) {
            evidenceReports++;
            uploads.addAll(items);
            uploadQueue.addAll(items); // uploaded at the end of the step's actions (retryUploads)
        }
        return r.status();
    }

    /** The items of the reports just posted, and those that waited for their node: each once its node runs (in parallel). */
    private void retryUploads() throws InterruptedException {
        if (uploadQueue.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        List<Upload> keep = new ArrayList<>();
        List<Upload> todo = new ArrayList<>();
        List<Future<Boolean>> done = new ArrayList<>();
        for (Upload u : uploadQueue) {
            Country c = countries.get(u.sent.country);
            if (c.node == null) {
                keep.add(u);
            } else {
                todo.add(u);
                done.add(uploaders.submit(() -> upload(c, u)));
            }
        }
        for (int i = 0; i < todo.size(); i++) {
            boolean ok;
            try {
                ok = done.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                ok = false;
            }
            if (!ok) {
                uploadRetries.incrementAndGet();
                keep.add(todo.get(i));
            }
        }
        uploadQueue.clear();
        uploadQueue.addAll(keep);
        uploadWallNanos += System.nanoTime() - t0;
    }

    /** One item through the platform API: create the upload, PUT its one part, complete. True when done (stored or refused for good). */
    private boolean upload(Country c, Upload u) {
        GatewayNode node = c.node;
        if (node == null) {
            return false;
        }
        ContactPointClient client = c.platformClients.get(u.sent.platform);
        String base = "api/v1/platform/requests/" + u.sent.id + "/evidence";
        try {
            ContactPointClient.Answer created = client.post(base, ("{\"itemId\":\"" + u.itemId + "\",\"size\":" + u.size + ",\"sha256\":\"" + u.sha256
                    + "\",\"mediaType\":\"application/octet-stream\"}").getBytes(StandardCharsets.UTF_8), "application/json", null);
            if (created.status() != 201 && created.status() != 200) {
                return refusedOrLater(u, created);
            }
            JsonNode j = Messages.read(created.body().getBytes(StandardCharsets.UTF_8));
            if (j.path("alreadyStored").asBoolean(false)) {
                u.stored = true;
                return true;
            }
            String uploadId = j.get("uploadId").asText();
            String url = node.baseUrl().endsWith("/") ? node.baseUrl() : node.baseUrl() + "/";
            ContactPointClient.Answer put = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url + base + "/" + uploadId + "/parts/1"))
                    .timeout(Duration.ofSeconds(30)).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content(u.seed, u.size)))
                    .header("Content-Type", "application/octet-stream").header("X-Part-SHA256", u.sha256).build());
            if (put.status() != 200) {
                return refusedOrLater(u, put);
            }
            ContactPointClient.Answer done = client.post(base + "/" + uploadId + "/complete", new byte[0], "application/json", null);
            if (done.status() != 201 && done.status() != 200) {
                return refusedOrLater(u, done);
            }
            u.stored = true;
            bytesUploaded.addAndGet(u.size);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean refusedOrLater(Upload u, ContactPointClient.Answer a) {
        if (a.status() >= 500) {
            return false;
        }
        u.refused = code(a);
        rejections.merge("evidence:" + u.refused, 1, Integer::sum);
        violations.add("the upload of " + u.itemId + " of " + u.sent.id + " was refused: " + a.status() + " " + u.refused);
        return true;
    }

    /** Deterministic content of an item (from the world's seed through the item's own seed). */
    private static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Evidence fetch jobs still PENDING over every running node ({@code dueOnly}: those due at the nodes' now). */
    private int pendingTransfers(boolean dueOnly) throws Exception {
        int total = 0;
        java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
        for (Country c : countries.values()) {
            GatewayNode n = c.node;
            if (n == null) {
                continue;
            }
            total += n.requests().database().read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM network_evidence_fetch WHERE state = 'PENDING'"
                        + (dueOnly ? " AND next_attempt_at <= ?" : ""))) {
                    if (dueOnly) {
                        ps.setTimestamp(1, now);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        }
        return total;
    }

    /**
     * After the traffic: uploads still waiting, then the requesting nodes' fetch jobs. Their back-off runs on the nodes'
     * clock, so the clock moves a minute at a time (nothing else is scheduled any more) and the sweepers get a moment
     * (at most {@code drainSeconds} wall in all).
     */
    private void evidenceTail() throws Exception {
        long t0 = System.nanoTime();
        long until = t0 + s.drainSeconds() * 1_000_000_000L;
        int minutes = 0;
        while (System.nanoTime() < until) {
            retryUploads();
            if (uploadQueue.isEmpty() && pendingTransfers(false) == 0) {
                break;
            }
            minutes++;
            clock.set(nodeTime(nowHours).plus(Duration.ofMinutes(minutes)));
            long roundEnd = Math.min(until, System.nanoTime() + 1_000_000_000L);
            long pause = 10;
            while (System.nanoTime() < roundEnd && pendingTransfers(true) > 0) {
                TimeUnit.MILLISECONDS.sleep(pause); // wall pacing for the nodes' sweepers, not a test wait
                pause = Math.min(pause * 2, 100);
            }
        }
        out.printf("  evidence: %d items declared, uploads took %d ms wall in all; transfers settled %d virtual min after the end, in %d ms wall"
                        + " (%d uploads, %d jobs still pending)%n", uploads.size(), uploadWallNanos / 1_000_000, minutes, (System.nanoTime() - t0) / 1_000_000,
                uploadQueue.size(), pendingTransfers(false));
    }

    private void completed(Sent sent, int status) {
        if (status == 201) {
            day(3);
            if (Messages.emergency(sent.instrument)) {
                emergencyVirtualMinutes.add((actionHours - sent.atHours) * 60);
                emergencyWallMillis.add((System.nanoTime() - sent.wallNanos) / 1e6);
            }
        }
    }

    private static String code(ContactPointClient.Answer a) {
        try {
            JsonNode n = Messages.read(a.body().getBytes(StandardCharsets.UTF_8));
            return n.has("code") ? n.get("code").asText() : "HTTP-" + a.status();
        } catch (RuntimeException e) {
            return "HTTP-" + a.status();
        }
    }

    // ---------------------------------------------------------------- faults

    private final Set<WorldScenario.Fault> started = new HashSet<>();
    private final Set<WorldScenario.Fault> ended = new HashSet<>();

    private void faults(boolean endAll) throws Exception {
        for (WorldScenario.Fault f : s.faults()) {
            if (!started.contains(f) && f.atHours() <= nowHours + 1e-9 && !endAll) {
                started.add(f);
                begin(f);
                if (f.forHours() <= 0) {
                    ended.add(f);
                }
            }
            if (started.contains(f) && !ended.contains(f) && (endAll || f.atHours() + f.forHours() <= nowHours + 1e-9)) {
                ended.add(f);
                end(f);
            }
        }
    }

    private void begin(WorldScenario.Fault f) throws Exception {
        switch (f.kind()) {
            case "PORTAL_DOWN" -> {
                portals.get(f.target()).server().failNext(1_000_000, 503);
                down.add(f.target());
                log(f, "portal down (every delivery answered 503) for " + f.forHours() + " h");
                burst(f.target());
            }
            case "SLOW_LINK" -> {
                double latency = f.latencySeconds() <= 0 ? 25 : f.latencySeconds();
                portals.get(f.target()).server().latency(Duration.ofMillis((long) (latency * 1000)));
                slow.add(f.target());
                log(f, "portal answers after " + latency + " s (adapter time-out 20 s) for " + f.forHours() + " h");
                burst(f.target());
            }
            case "NODE_RESTART" -> {
                Country c = countries.get(f.target());
                GatewayNode n = c.node;
                c.node = null;
                long t0 = System.nanoTime();
                n.close();
                log(f, "node stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms wall, down for " + f.forHours() + " h");
            }
            case "REVOKED_CERT" -> {
                Country c = countries.get(f.target());
                Path file = c.dir.resolve("pki").resolve(RevokedClients.FILE);
                Files.writeString(file, "# revoked by the simulation at virtual " + clock.instant() + "\n"
                        + Certificates.sha256Fingerprint(c.secondaryKey.certificate()) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                c.secondaryRevoked = true;
                log(f, "client certificate " + c.secondaryKey.certificate().getSubjectX500Principal().getName() + " revoked; it keeps sending");
                for (int i = 0; i < 3; i++) { // make sure it tries, whatever the traffic draws
                    WorldScenario.Route r = s.traffic().routes().stream().filter(x -> x.from().equals(c.code) && portals.containsKey(x.to()))
                            .findFirst().orElse(null);
                    String platform = r != null ? r.to() : portals.keySet().iterator().next();
                    submit(c.code, platform, "EU_EPOC", false, true);
                }
            }
            case "CLOCK_JUMP" -> {
                jumpMinutes += (long) (f.byHours() * 60);
                clock.set(nodeTime(nowHours));
                log(f, "node clocks jump " + (f.byHours() >= 0 ? "forward " : "backward ") + Math.abs(f.byHours()) + " h to " + clock.instant());
            }
            default -> throw new IllegalStateException(f.kind());
        }
    }

    private void end(WorldScenario.Fault f) throws Exception {
        switch (f.kind()) {
            case "PORTAL_DOWN" -> {
                portals.get(f.target()).server().heal();
                down.remove(f.target());
                int backlog = backlog(f.target());
                pendingRecoveries.add(new PendingRecovery(f.kind(), f.target(), nowHours, System.nanoTime(), backlog));
                log(f, "portal up; backlog " + backlog);
            }
            case "SLOW_LINK" -> {
                portals.get(f.target()).server().latency(Duration.ZERO);
                slow.remove(f.target());
                int backlog = backlog(f.target());
                pendingRecoveries.add(new PendingRecovery(f.kind(), f.target(), nowHours, System.nanoTime(), backlog));
                log(f, "link fast again; backlog " + backlog);
            }
            case "NODE_RESTART" -> {
                Country c = countries.get(f.target());
                long t0 = System.nanoTime();
                c.node = GatewayNode.start(c.config);
                log(f, "node started again on the same data directory in " + (System.nanoTime() - t0) / 1_000_000 + " ms wall");
            }
            default -> {
            }
        }
    }

    /** Two production orders to {@code platform} from a country that routes to it, so that the fault meets traffic. */
    private void burst(String platform) {
        String from = s.traffic().routes().stream().filter(r -> r.to().equals(platform)).map(WorldScenario.Route::from).findFirst()
                .orElse(countries.keySet().iterator().next());
        for (int i = 0; i < 2; i++) {
            submit(from, platform, "EU_EPOC", false, false);
        }
    }

    private void log(WorldScenario.Fault f, String what) {
        faultLog.add(new WorldReport.FaultEvent(f.kind(), f.target(), Math.round(nowHours * 100) / 100.0, what));
        out.printf("  fault at %.1f h: %s %s: %s%n", nowHours, f.kind(), f.target() == null ? "" : f.target(), what);
    }

    private void checkRecoveries() throws Exception {
        for (var it = pendingRecoveries.iterator(); it.hasNext(); ) {
            PendingRecovery r = it.next();
            if (backlog(r.platform) == 0) {
                it.remove();
                recoveries.add(new WorldReport.Recovery(r.kind, r.platform, r.upAt, true, r.backlog, Math.round((nowHours - r.upAt) * 600) / 10.0,
                        (System.nanoTime() - r.upWall) / 1_000_000));
            }
        }
    }

    // ---------------------------------------------------------------- pacing

    private void tickDeadlines() throws Exception {
        for (Country c : countries.values()) {
            GatewayNode n = c.node;
            if (n != null) {
                n.deadlines().tick();
            }
        }
    }

    /** Requests waiting for delivery to {@code platform} (null: to any healthy platform) over every running node. */
    private int backlog(String platform) throws Exception {
        int total = 0;
        for (Country c : countries.values()) {
            GatewayNode n = c.node;
            if (n == null) {
                continue;
            }
            total += n.requests().database().read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("SELECT platform_id, COUNT(*) FROM request WHERE state IN ('ACCEPTED','DISPATCHED') GROUP BY platform_id");
                     ResultSet rs = ps.executeQuery()) {
                    int sum = 0;
                    while (rs.next()) {
                        String p = rs.getString(1);
                        if (platform != null ? p.equals(platform) : !down.contains(p) && !slow.contains(p)) {
                            sum += rs.getInt(2);
                        }
                    }
                    return sum;
                }
            });
        }
        return total;
    }

    private void settle(long maxMillis) throws Exception {
        long until = System.nanoTime() + maxMillis * 1_000_000;
        long pause = 5;
        while (backlog(null) > 0 && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(pause); // wall pacing of the virtual clock, not a test wait
            pause = Math.min(pause * 2, 100);
        }
    }

    private void drain() throws Exception {
        out.printf("  traffic over at day %.1f; draining deliveries (at most %d s wall)%n", nowHours / 24, s.drainSeconds());
        long until = System.nanoTime() + s.drainSeconds() * 1_000_000_000L;
        while (System.nanoTime() < until) {
            settle(1000);
            if (backlog(null) == 0) {
                break;
            }
        }
        scanPortals();
    }

    // ---------------------------------------------------------------- the 24/7 network (node to node)

    /** Node-to-node exchange is on unless a scenario run was given another cross-border channel. */
    private boolean networkMode() {
        return crossBorder == null || "network".equals(crossBorder.name());
    }

    private static NodeIdentity identity(String country) {
        return new NodeIdentity(country.toLowerCase(java.util.Locale.ROOT) + "-247", country, NodeRole.CONTACT_POINT_24_7);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A's contact point sends a State-addressed request to its own node, which carries it to the requested Party's node. */
    private Void crossOverNetwork(Country a, String to, String instrument) {
        Sent sent = new Sent(a.code, "node:" + to, instrument, nowHours, false);
        sentAll.add(sent);
        day(0);
        try {
            if (a.node == null) {
                sent.status = -1;
                rejections.merge("NODE-DOWN", 1, Integer::sum);
                return null;
            }
            ObjectNode envelope = (ObjectNode) Messages.read(messages.toCountry(instrument, a.code, to, clock.instant()));
            String route = a.code + ">" + to;
            if (instrument.equals("BUDAPEST_ART31_MUTUAL_ASSISTANCE")) {
                // Art. 31 after Art. 29: it names the preservation this Party sent the same Party earlier, if any
                String earlier = lastPreservation.get(route);
                ObjectNode body = (ObjectNode) envelope.get("body");
                if (earlier == null) {
                    envelope.remove("correlationId");
                    body.remove("earlierPreservation");
                } else {
                    envelope.put("correlationId", earlier);
                    ((ObjectNode) body.get("earlierPreservation")).put("reference", earlier);
                }
            }
            ContactPointClient.Answer r = a.cp.submit(Messages.bytes(envelope), "SIM-X-" + a.code + "-" + sequence.incrementAndGet());
            if ((r.status() == 201 || r.status() == 200) && instrument.equals("BUDAPEST_ART29_PRESERVATION")) {
                lastPreservation.put(route, envelope.get("messageId").asText());
            }
            sent.status = r.status();
            if (r.status() == 201 || r.status() == 200) {
                String id = Messages.read(r.body().getBytes(StandardCharsets.UTF_8)).get("id").asText();
                sent.id = id;
                sentById.put(id, sent);
                a.accepted.add(id);
                day(1);
                if (Messages.emergency(instrument)) {
                    day(2);
                }
            } else {
                String code = code(r);
                rejections.merge(code, 1, Integer::sum);
                crossReasons.merge("refused by the sending node: " + code, 1, Integer::sum);
                violations.add("a valid " + instrument + " request from " + a.code + " to " + to + " was refused: " + r.status() + " " + code
                        + " " + (r.body() == null ? "" : r.body().substring(0, Math.min(400, r.body().length()))));
            }
        } catch (IOException | InterruptedException e) {
            sent.status = -1;
            rejections.merge(a.node == null ? "NODE-DOWN" : "IO-" + e.getClass().getSimpleName(), 1, Integer::sum);
        }
        return null;
    }

    /**
     * The requested Party's 24/7 desk reviews what other Parties sent: each new case is accepted and ordered to one of
     * the country's platforms (its first), or refused when the country has none. A domestic order is tracked like any
     * request the world sent (its platform answers it).
     */
    private void reviewCases() throws Exception {
        if (!networkMode()) {
            return;
        }
        for (Country c : countries.values()) {
            if (c.node == null) {
                continue;
            }
            ContactPointClient.Answer listed = c.cp.get("api/v1/cases?state=RECEIVED");
            if (listed.status() != 200) {
                continue;
            }
            List<String> platformsHere = s.countries().stream().filter(wc -> wc.code().equals(c.code)).findFirst()
                    .map(wc -> wc.platforms().stream().map(WorldScenario.Platform::id).toList()).orElse(List.of());
            for (JsonNode k : Messages.read(listed.body().getBytes(StandardCharsets.UTF_8)).path("items")) {
                String caseId = k.path("id").asText();
                String type = k.path("messageType").asText(k.path("type").asText("UNKNOWN"));
                // an Art. 35 request (advice, legal information...) is answered by the desk itself, with or without providers
                String decision = type.equals(Messages.ASSISTANCE_COUNTRY)
                        ? "{\"decision\":\"ANSWER\",\"summary\":\"The " + c.code + " 24/7 point of contact answers: the provider named holds the "
                                + "data in " + c.code + " and takes preservation requests through this point of contact.\"}"
                        : platformsHere.isEmpty()
                        ? "{\"decision\":\"REFUSE\",\"code\":\"ESSENTIAL_INTERESTS\",\"reason\":\"no provider of this Party holds such data\"}"
                        : "{\"decision\":\"ACCEPT\",\"platformId\":\"" + platformsHere.get(0) + "\"}";
                ContactPointClient.Answer d = c.cp.post("api/v1/cases/" + caseId + "/decision", decision.getBytes(StandardCharsets.UTF_8),
                        "application/json", null);
                if (d.status() != 200) {
                    crossReasons.merge("review failed: " + code(d), 1, Integer::sum);
                    continue;
                }
                casesDecided.incrementAndGet();
                if (type.equals(Messages.ASSISTANCE_COUNTRY)) {
                    crossReasons.merge("answered by the requested contact point (Art. 35)", 1, Integer::sum);
                }
                JsonNode decided = Messages.read(d.body().getBytes(StandardCharsets.UTF_8));
                if (decided.hasNonNull("domesticRequestId")) {
                    String domestic = decided.get("domesticRequestId").asText();
                    Sent order = new Sent(c.code, platformsHere.get(0), type, nowHours, false);
                    order.id = domestic;
                    order.status = 201;
                    order.fromCountry = k.hasNonNull("fromCountry") ? k.get("fromCountry").asText() : null;
                    order.caseMessageId = k.hasNonNull("messageId") ? k.get("messageId").asText() : null;
                    sentAll.add(order);
                    sentById.put(domestic, order);
                    c.accepted.add(domestic);
                    domesticOrders.incrementAndGet();
                }
            }
        }
    }

    // ---------------------------------------------------------------- results and invariants

    private WorldReport finish(Instant virtualStart, long wall0) throws Exception {
        Map<String, int[]> perInstrument = new TreeMap<>();
        Map<String, int[]> perPlatform = new TreeMap<>();
        Map<String, Map<String, Integer>> statesPerInstrument = new TreeMap<>();
        List<WorldReport.NodeCheck> checks = new ArrayList<>();
        List<WorldReport.Invariant> invariants = new ArrayList<>();
        Map<String, long[]> compliance = new TreeMap<>();
        int retries = 0;
        int deadLetters = 0;
        for (Sent sent : List.copyOf(sentAll)) {
            int[] a = perInstrument.computeIfAbsent(sent.instrument, k -> new int[8]);
            int[] b = perPlatform.computeIfAbsent(sent.platform, k -> new int[8]);
            a[0]++;
            b[0]++;
            int col = sent.id != null ? 1 : 2;
            a[col]++;
            b[col]++;
        }
        boolean storeOk = true;
        boolean custodyOk = true;
        boolean agreeOk = true;
        int storedTotal = 0;
        Map<String, Map<String, String[]>> evidenceRows = new HashMap<>(); // country -> "request|item" -> sha256, size
        Map<String, Map<String, String[]>> fetchJobs = new HashMap<>(); // country -> "message|item" -> state, sha256, request, last code
        Map<String, List<String>> custodyTexts = new HashMap<>(); // country -> record texts of EVIDENCE_SENT / EVIDENCE_STORED
        for (Country c : countries.values()) {
            GatewayNode node = c.node;
            Database db = node.requests().database();
            Map<String, String> stateById = new HashMap<>();
            Map<String, Integer> attempts = new HashMap<>();
            Map<String, String> receipts = new HashMap<>();
            db.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("SELECT id, state, delivery_attempts, receipt_id FROM request");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stateById.put(rs.getString(1), rs.getString(2));
                        attempts.put(rs.getString(1), rs.getInt(3));
                        receipts.put(rs.getString(1), rs.getString(4));
                    }
                }
                return null;
            });
            storedTotal += stateById.size();
            Map<String, Integer> states = new TreeMap<>();
            int missing = 0;
            for (String id : c.accepted) {
                String st = stateById.get(id);
                if (st == null) {
                    missing++;
                    continue;
                }
                states.merge(st, 1, Integer::sum);
                Sent sent = sentById.get(id);
                statesPerInstrument.computeIfAbsent(sent.instrument, k -> new TreeMap<>()).merge(st, 1, Integer::sum);
                int col = switch (st) {
                    case "COMPLETED" -> 3;
                    case "REFUSED" -> 4;
                    case "FAILED" -> 5;
                    default -> st.equals("EXPIRED") || st.equals("WITHDRAWN") ? 6 : 7;
                };
                perInstrument.get(sent.instrument)[col]++;
                perPlatform.get(sent.platform)[col]++;
                retries += Math.max(0, attempts.get(id) - 1);
                if (st.equals("FAILED")) {
                    deadLetters++;
                }
            }
            int extra = 0;
            for (String id : stateById.keySet()) {
                if (!c.accepted.contains(id)) {
                    extra++;
                }
            }
            int byState = states.values().stream().mapToInt(Integer::intValue).sum();
            if (missing > 0 || extra > 0 || byState != c.accepted.size()) {
                storeOk = false;
                violations.add(c.code + ": accepted " + c.accepted.size() + ", counted by state " + byState + ", missing " + missing
                        + ", stored but never accepted " + extra);
            }
            // portals: each request applied once, and the portal's accepted requests are exactly the node's receipted ones
            for (Portal p : portals.values()) {
                List<String> ids = p.server().accepted().stream().map(SimulatedPlatformPortal.Accepted::requestId).filter(stateById::containsKey).toList();
                Set<String> distinct = new HashSet<>(ids);
                if (distinct.size() != ids.size()) {
                    violations.add(p.plan().id() + " applied " + (ids.size() - distinct.size()) + " request(s) of " + c.code + " twice");
                }
                for (Map.Entry<String, String> e : receipts.entrySet()) {
                    Sent sent = sentById.get(e.getKey());
                    if (sent != null && sent.platform.equals(p.plan().id()) && e.getValue() != null && !distinct.contains(e.getKey())) {
                        violations.add(c.code + " holds a receipt for " + e.getKey() + " that " + p.plan().id() + " never issued");
                    }
                }
                for (String id : distinct) {
                    if (receipts.get(id) == null) {
                        violations.add(p.plan().id() + " accepted " + id + " but " + c.code + " has no receipt for it");
                    }
                }
            }
            // custody log: verifies, and agrees with the store
            node.custody().flushAndPublish();
            long logSize = node.custody().log().size();
            VerifyReport vr = LogVerifier.verify(new DirectorySource(c.dir.resolve("custody")), node.custody().log().verifierKey(), Progress.NONE);
            if (!vr.ok()) {
                custodyOk = false;
                violations.add(c.code + ": custody log does not verify: " + vr.oneLine());
            }
            Map<String, Long> custodyCounts = counts(db, "SELECT event_type, COUNT(*) FROM custody_record WHERE log_index IS NOT NULL"
                    + " AND (request_id IS NULL OR request_id NOT LIKE 'CASE-%') GROUP BY event_type");
            Map<String, Long> timelineCounts = counts(db, "SELECT event_code, COUNT(*) FROM request_event GROUP BY event_code");
            long custodyRows = counts(db, "SELECT event_type, COUNT(*) FROM custody_record WHERE log_index IS NOT NULL GROUP BY event_type")
                    .values().stream().mapToLong(Long::longValue).sum();
            Map<String, String> agreement = new TreeMap<>(); // requests only: the cases (CASE-...) have their own timeline
            agreement.put("log size = custody records", logSize + " = " + custodyRows);
            if (logSize != custodyRows) {
                agreeOk = false;
                violations.add(c.code + ": custody log size " + logSize + " but " + custodyRows + " custody records");
            }
            agreeOk &= agree(c.code, agreement, "REQUEST_RECEIVED", custodyCounts, List.of("REQUEST_RECEIVED"), timelineCounts, List.of("REQUEST_RECEIVED"));
            agreeOk &= agree(c.code, agreement, "REQUEST_RECEIVED", custodyCounts, List.of("REQUEST_RECEIVED"), Map.of("accepted", (long) stateById.size()),
                    List.of("accepted"));
            agreeOk &= agree(c.code, agreement, "DEADLINE_WARNING", custodyCounts, List.of("DEADLINE_WARNING"), timelineCounts, List.of("DEADLINE_WARNING"));
            agreeOk &= agree(c.code, agreement, "DEADLINE_BREACH", custodyCounts, List.of("DEADLINE_BREACH"), timelineCounts,
                    List.of("DEADLINE_BREACHED", "DEADLINE_EXPIRED"));
            agreeOk &= agree(c.code, agreement, "WITHDRAWAL", custodyCounts, List.of("WITHDRAWAL"), timelineCounts, List.of("WITHDRAWN"));
            agreeOk &= agree(c.code, agreement, "DELIVERY_FAILED", custodyCounts, List.of("DELIVERY_FAILED"), timelineCounts, List.of("DELIVERY_FAILED"));
            agreeOk &= agree(c.code, agreement, "REQUEST_REFUSED", custodyCounts, List.of("REQUEST_REFUSED"), timelineCounts, List.of("REFUSED"));
            // evidence: every stored item (uploaded by a platform or fetched from a peer) has its EVIDENCE_STORED entry
            Map<String, String[]> rows = rows(db, "SELECT request_id, item_id, sha256, size_bytes FROM evidence_item", 2);
            evidenceRows.put(c.code, rows);
            fetchJobs.put(c.code, rows(db, "SELECT message_id, item_id, state, sha256, request_id, last_code FROM network_evidence_fetch", 2));
            custodyTexts.put(c.code, rows(db, "SELECT CAST(id AS VARCHAR(20)), event_type, record_text FROM custody_record WHERE log_index IS NOT NULL"
                    + " AND event_type IN ('EVIDENCE_SENT','EVIDENCE_STORED')", 1).values().stream().map(v -> v[0] + " " + v[1]).toList());
            agreeOk &= agree(c.code, agreement, "EVIDENCE_STORED", custodyCounts, List.of("EVIDENCE_STORED"), Map.of("evidence items", (long) rows.size()),
                    List.of("evidence items"));
            checks.add(new WorldReport.NodeCheck(c.code, c.accepted.size(), stateById.size(), states, custodyRows, logSize, vr.ok(), vr.oneLine(), agreement));
            // deadline compliance of this node
            for (ComplianceQueries.Compliance q : new ComplianceQueries(db).since(virtualStart.minus(Duration.ofDays(30)))) {
                long[] v = compliance.computeIfAbsent(q.instrument(), k -> new long[3]);
                v[0] += q.met();
                v[1] += q.breached();
                v[2] += q.open();
            }
        }
        invariants.add(new WorldReport.Invariant("every accepted request is in exactly one terminal or pending state (count by state = accepted)", storeOk,
                storedTotal + " stored"));
        int rejectedInputs = sentAll.stream().mapToInt(x -> x.id == null ? 1 : 0).sum();
        invariants.add(new WorldReport.Invariant("no request created from rejected input", storeOk && revokedAccepted.get() == 0,
                rejectedInputs + " submissions refused, none stored; revoked certificate: " + revokedRefused.get() + " refused, "
                        + revokedAccepted.get() + " accepted"));
        invariants.add(new WorldReport.Invariant("every node's custody log verifies (audit verify)", custodyOk, countries.size() + " logs"));
        WorldReport.EvidenceStats evidence = evidence(evidenceRows, fetchJobs, custodyTexts, invariants);
        invariants.add(new WorldReport.Invariant("custody entries agree with the timeline events and the store", agreeOk,
                "per node: log size, REQUEST_RECEIVED, DEADLINE_WARNING, DEADLINE_BREACH, WITHDRAWAL, DELIVERY_FAILED, REQUEST_REFUSED, EVIDENCE_STORED = evidence items"));
        boolean others = violations.stream().noneMatch(v -> v.contains("twice") || v.contains("receipt"));
        invariants.add(new WorldReport.Invariant("each request applied once at its portal, and receipts match the portals' records", others, ""));
        for (PendingRecovery r : pendingRecoveries) {
            recoveries.add(new WorldReport.Recovery(r.kind, r.platform, r.upAt, false, r.backlog, -1, -1));
        }

        List<WorldReport.Compliance> comp = new ArrayList<>();
        compliance.forEach((k, v) -> comp.add(new WorldReport.Compliance(k, v[0], v[1], v[2],
                v[0] + v[1] == 0 ? 1.0 : Math.round(1000.0 * v[0] / (v[0] + v[1])) / 1000.0)));
        List<WorldReport.Day> dayList = new ArrayList<>();
        days.forEach((d, v) -> dayList.add(new WorldReport.Day(d, v[0], v[1], v[2], v[3])));
        if (networkMode()) {
            int delivered = 0;
            for (Sent x : List.copyOf(sentAll)) {
                if (x.platform.startsWith("node:") && x.id != null) {
                    GatewayNode n = countries.get(x.country).node;
                    String st = n == null ? null : n.requests().find(x.id).map(r -> r.state().name()).orElse(null);
                    if (st != null && !st.equals("ACCEPTED") && !st.equals("DISPATCHED")) {
                        delivered++;
                    } else {
                        crossReasons.merge("not yet delivered to the peer: " + st, 1, Integer::sum);
                    }
                }
            }
            crossExchanged.set(delivered);
            crossReasons.merge("cases decided by the requested Parties", casesDecided.get(), Integer::sum);
            crossReasons.merge("domestic orders to the requested Parties' platforms", domesticOrders.get(), Integer::sum);
        }
        WorldReport report = new WorldReport(s.name(), s.description(), crossBorder.name(), virtualStart, clock.instant(), s.durationDays(),
                (System.nanoTime() - wall0) / 1_000_000, countries.size(), portals.size(), toCounts(perInstrument), toCounts(perPlatform),
                statesPerInstrument, new TreeMap<>(rejections), comp, WorldReport.Latency.of(emergencyVirtualMinutes),
                WorldReport.Latency.of(emergencyWallMillis), emergencyVirtualMinutes.size(), retries, deadLetters, recoveries, faultLog,
                new WorldReport.CrossBorderStats(crossSent.get(), crossExchanged.get(), crossSent.get() - crossExchanged.get(),
                        new TreeMap<>(crossReasons), new TreeMap<>(crossPerInstrument)),
                dayList, checks, invariants, List.copyOf(violations), evidence);
        return report;
    }

    /**
     * The evidence figures and their two invariants: every declared item is stored on the node the platform answered
     * to (with the declared SHA-256) or its upload still waits; every item of a cross-border report is stored on the
     * requesting node with the same SHA-256, or waits in a persisted PENDING job (nothing silently lost), and each one
     * transferred has EVIDENCE_SENT on the requested node and EVIDENCE_STORED "from node" on the requesting node.
     */
    private WorldReport.EvidenceStats evidence(Map<String, Map<String, String[]>> rows, Map<String, Map<String, String[]>> jobs,
                                               Map<String, List<String>> custody, List<WorldReport.Invariant> invariants) {
        int declared = 0;
        int stored = 0;
        int pendingUploads = 0;
        int refused = 0;
        int cross = 0;
        int transferred = 0;
        int pending = 0;
        int failed = 0;
        int lost = 0;
        int sentEntries = 0;
        int storedEntries = 0;
        long bytesTransferred = 0;
        boolean uploadedOk = true;
        boolean crossOk = true;
        Set<Upload> waiting = new HashSet<>(uploadQueue);
        Set<String> platformJobs = new HashSet<>();
        for (Upload u : List.copyOf(uploads)) {
            declared++;
            String[] here = rows.getOrDefault(u.sent.country, Map.of()).get(u.sent.id + "|" + u.itemId);
            if (here != null && here[0].equals(u.sha256) && Long.parseLong(here[1]) == u.size) {
                stored++;
            } else if (here != null) {
                uploadedOk = false;
                violations.add(u.sent.country + " holds " + u.itemId + " of " + u.sent.id + " with SHA-256 " + here[0] + " / " + here[1]
                        + " bytes, the platform declared " + u.sha256 + " / " + u.size);
            } else if (waiting.contains(u)) {
                pendingUploads++;
            } else if (u.refused != null) {
                refused++;
                uploadedOk = false;
            } else {
                uploadedOk = false;
                violations.add(u.sent.country + " does not hold " + u.itemId + " of " + u.sent.id + " although its upload completed");
            }
            if (u.sent.fromCountry == null || !countries.containsKey(u.sent.fromCountry)) {
                continue;
            }
            cross++;
            String a = u.sent.fromCountry;
            String[] job = jobs.getOrDefault(a, Map.of()).get(u.sent.caseMessageId + "|" + u.itemId);
            platformJobs.add(a + "|" + u.sent.caseMessageId + "|" + u.itemId);
            String what = u.itemId + " of " + u.sent.country + " " + u.sent.id + " (case of " + a + " message " + u.sent.caseMessageId + ")";
            if (job == null) {
                lost++;
                crossOk = false;
                violations.add(a + " has no fetch job and no copy of " + what);
                continue;
            }
            switch (job[0]) {
                case "STORED" -> {
                    String[] there = rows.getOrDefault(a, Map.of()).get(job[2] + "|" + u.itemId);
                    if (there == null || !there[0].equals(u.sha256) || !job[1].equals(u.sha256)) {
                        crossOk = false;
                        lost += there == null ? 1 : 0;
                        violations.add(a + ": " + what + " job STORED but the item is " + (there == null ? "missing" : "held with SHA-256 " + there[0])
                                + ", declared " + u.sha256);
                        continue;
                    }
                    transferred++;
                    bytesTransferred += u.size;
                    boolean sent = custody.getOrDefault(u.sent.country, List.of()).stream().anyMatch(t -> t.startsWith("EVIDENCE_SENT ") && t.contains(u.sha256));
                    boolean got = custody.getOrDefault(a, List.of()).stream().anyMatch(t -> t.startsWith("EVIDENCE_STORED ") && t.contains(u.sha256)
                            && t.contains("from node"));
                    sentEntries += sent ? 1 : 0;
                    storedEntries += got ? 1 : 0;
                    if (!sent || !got) {
                        crossOk = false;
                        violations.add(what + " transferred but custody " + (sent ? "" : "EVIDENCE_SENT missing on " + u.sent.country + " ")
                                + (got ? "" : "EVIDENCE_STORED from node missing on " + a));
                    }
                }
                case "PENDING" -> pending++;
                default -> {
                    failed++;
                    crossOk = false;
                    violations.add(a + ": fetching " + what + " " + job[0] + " " + job[3]);
                }
            }
        }
        Map<String, Integer> other = new TreeMap<>();
        jobs.forEach((country, m) -> m.forEach((key, job) -> {
            if (!platformJobs.contains(country + "|" + key)) {
                other.merge(job[0] + (job[3] == null ? "" : " " + job[3]), 1, Integer::sum);
            }
        }));
        invariants.add(new WorldReport.Invariant("every declared evidence item is stored on the requested node with its declared SHA-256 and size, or its upload waits",
                uploadedOk, declared + " declared, " + stored + " stored, " + pendingUploads + " waiting, " + refused + " refused"));
        invariants.add(new WorldReport.Invariant("every item of a cross-border final report is on the requesting node with the same SHA-256 (custody EVIDENCE_SENT"
                + " there, EVIDENCE_STORED from node here), or pending in a persisted job", crossOk,
                cross + " declared, " + transferred + " transferred, " + pending + " pending, " + failed + " failed, " + lost + " lost"));
        return new WorldReport.EvidenceStats(evidenceReports, declared, stored, pendingUploads, refused, uploadRetries.get(), bytesUploaded.get(), cross, transferred,
                pending, failed, lost, bytesTransferred, sentEntries, storedEntries, other);
    }

    /** Rows keyed by their first two columns ("a|b"), the value the remaining columns from {@code from} on. */
    private static Map<String, String[]> rows(Database db, String sql, int from) throws Exception {
        return db.read(conn -> {
            Map<String, String[]> m = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] v = new String[cols - from];
                    for (int i = from; i < cols; i++) {
                        v[i - from] = rs.getString(i + 1);
                    }
                    m.put(rs.getString(1) + "|" + rs.getString(2), v);
                }
            }
            return m;
        });
    }

    private boolean agree(String country, Map<String, String> agreement, String label, Map<String, Long> left, List<String> leftKeys,
                          Map<String, Long> right, List<String> rightKeys) {
        long l = leftKeys.stream().mapToLong(k -> left.getOrDefault(k, 0L)).sum();
        long r = rightKeys.stream().mapToLong(k -> right.getOrDefault(k, 0L)).sum();
        String key = "custody " + label + " = " + String.join("+", rightKeys);
        agreement.put(key, l + " = " + r);
        if (l != r) {
            violations.add(country + ": custody " + label + " entries " + l + " but " + String.join("+", rightKeys) + " " + r);
            return false;
        }
        return true;
    }

    private static Map<String, Long> counts(Database db, String sql) throws Exception {
        return db.read(conn -> {
            Map<String, Long> m = new TreeMap<>();
            try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
    }

    private static Map<String, WorldReport.Counts> toCounts(Map<String, int[]> m) {
        Map<String, WorldReport.Counts> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new WorldReport.Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])));
        return out;
    }
}
