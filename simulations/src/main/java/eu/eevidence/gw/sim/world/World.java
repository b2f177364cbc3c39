package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.MutableClock;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one world run that the {@link WorldRunner}'s parts share: the scenario, the one clock and random source,
 * the countries (nodes and their clients), the portals, what was sent and what came of it. Plain data and small helpers;
 * each job (set-up, traffic, answers, evidence, faults, pacing, case review, checks) lives in its own class.
 */
final class World {

    final WorldScenario s;
    final Path dir;
    final CrossBorder crossBorder;
    final PrintStream out;
    final MutableClock clock;
    final Random rnd;
    /** Evidence: its own random source, so that the traffic and answers draw what they drew before items had content. */
    final Random evidenceRnd;
    final Messages messages = new Messages();
    final Instant start;

    final Map<String, Country> countries = new LinkedHashMap<>();
    final Map<String, Portal> portals = new LinkedHashMap<>();
    final Map<String, Sent> sentById = new ConcurrentHashMap<>();
    final List<Sent> sentAll = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> rejections = new ConcurrentHashMap<>();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final List<Double> emergencyVirtualMinutes = Collections.synchronizedList(new ArrayList<>());
    final List<Double> emergencyWallMillis = Collections.synchronizedList(new ArrayList<>());
    final Map<Integer, int[]> days = new TreeMap<>();
    /** Portals that are down or slow now (their backlog does not count as "to a healthy portal"). */
    final Set<String> down = ConcurrentHashMap.newKeySet();
    final Set<String> slow = ConcurrentHashMap.newKeySet();
    final AtomicInteger sequence = new AtomicInteger();

    // cross-border figures
    final AtomicInteger crossSent = new AtomicInteger();
    final AtomicInteger crossExchanged = new AtomicInteger();
    final AtomicInteger casesDecided = new AtomicInteger();
    final AtomicInteger domesticOrders = new AtomicInteger();
    final Map<String, Integer> crossReasons = new ConcurrentHashMap<>();
    final Map<String, Integer> crossPerInstrument = new ConcurrentHashMap<>();
    /** The envelope message id of the last Art. 29 preservation a Party sent another (route "FR>IE"), for Art. 31 to name. */
    final Map<String, String> lastPreservation = new ConcurrentHashMap<>();

    // the revoked client certificate
    final AtomicInteger revokedAccepted = new AtomicInteger();
    final AtomicInteger revokedRefused = new AtomicInteger();

    /** Scenario time now (hours since the start). */
    double nowHours;
    /** Sum of the clock jumps so far: node time = start + scenario time + jumps. */
    long jumpMinutes;
    /** Scenario time of the action being played (answers are dated at their own time within a step). */
    double actionHours;

    World(WorldScenario s, Path dir, CrossBorder crossBorder, PrintStream out) {
        this.s = s;
        this.dir = dir;
        this.crossBorder = crossBorder == null ? CrossBorder.network() : crossBorder;
        this.out = out;
        Instant start = s.virtualStart(Instant.now());
        this.start = start;
        this.clock = new MutableClock(start);
        this.rnd = new Random(s.seed());
        this.evidenceRnd = new Random(s.seed() * 1_000_003L + 0xE71D);
    }

    /** A country: its node (null while restarting), its contact points, the platforms' clients to it. */
    static final class Country {
        final String code;
        final Path dir;
        NodeConfig config;
        volatile GatewayNode node;
        ContactPointClient cp;
        ContactPointClient cpSecondary;
        /** Issuers beyond criminal justice (issue 21 item 2): a civil court and an online-safety regulator of the country. */
        ContactPointClient civilCourt;
        ContactPointClient regulator;
        /** The country's auditor (statistics, ADR-0037). */
        ContactPointClient auditor;
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

    record Portal(WorldScenario.Platform plan, String country, SimulatedPlatformPortal server, KeyMaterial key, int[] cursor) {
    }

    /** A request sent to a node. */
    static final class Sent {
        final String country;
        final String platform;
        final String instrument;
        final double atHours;
        final long wallNanos;
        final boolean viaSecondary;
        /** TFVAWG traffic (issue 21 item 7): answered on a fixed plan, without the world's random draws; no follow-ups. */
        volatile boolean tfvawg;
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
    static final class Upload {
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

    /** Node-to-node exchange is on unless a scenario run was given another cross-border channel. */
    boolean networkMode() {
        return crossBorder == null || "network".equals(crossBorder.name());
    }

    Instant nodeTime(double hours) {
        return start.plusMillis((long) (hours * 3_600_000)).plus(Duration.ofMinutes(jumpMinutes));
    }

    /** Counts one event of today (columns: sent, accepted, emergency accepted, completed). */
    synchronized void day(int column) {
        days.computeIfAbsent((int) Math.floor(Math.max(0, nowHours - 1e-9) / 24), d -> new int[4])[column]++;
    }

    void reject(String code) {
        rejections.merge(code, 1, Integer::sum);
    }

    int acceptedTotal() {
        return countries.values().stream().mapToInt(c -> c.accepted.size()).sum();
    }

    static String baseUrl(Country c) {
        GatewayNode n = c.node;
        return n == null ? null : n.baseUrl();
    }

    /** The problem's code of a refused answer, or {@code HTTP-<status>}. */
    static String code(ContactPointClient.Answer a) {
        try {
            JsonNode n = Messages.read(a.body().getBytes(StandardCharsets.UTF_8));
            return n.has("code") ? n.get("code").asText() : "HTTP-" + a.status();
        } catch (RuntimeException e) {
            return "HTTP-" + a.status();
        }
    }

    void closeAll() {
        for (Country c : countries.values()) {
            if (c.node != null) {
                c.node.close();
            }
        }
        portals.values().forEach(p -> p.server().close());
    }
}
