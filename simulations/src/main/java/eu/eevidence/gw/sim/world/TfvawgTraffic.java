package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.intake.IntakeError;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Portal;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.ContactPointClient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TFVAWG traffic in the worlds (issue 21 item 7, CM/Rec(2026)2), sent once at the scenario's {@code tfvawg.atHours}:
 * <ul>
 * <li>an NCII content removal order with preservation from the country's <b>civil court</b> (role CIVIL_COURT, the
 * order naming its branch of law), with its victim data (offence NCII);</li>
 * <li>a <b>sextortion emergency</b> (EU EPOC with the 8-hour deadline) from the country's contact point, with its victim
 * data (offence SEXTORTION, a minor);</li>
 * <li>a <b>cyberstalking preservation under the UN Convention</b> (UNCC Art. 42) from a Party bound by the UN Convention
 * only to another Party, decided by the requested Party's desk ({@link CaseReview}), with its victim data;</li>
 * <li>the country's <b>regulator</b> (role ADMINISTRATIVE_AUTHORITY) trying a production order (EU EPOC): to be refused
 * 403 {@code EEG-AUTH-ISSUER-SCOPE}, nothing stored.</li>
 * </ul>
 * The accepted ones are tracked like the world's other requests (so the node checks, removal and evidence invariants see
 * them), answered by their platform on a fixed plan ({@link PlatformAnswers}); {@link TfvawgInvariant} checks them at the end.
 */
final class TfvawgTraffic {

    /** The victim data recorded through the API: offence category per kind of traffic, with the victim's attributes. */
    static final Map<String, String> VICTIM_DATA = Map.of(
            "NCII", "{\"offenceCategory\":\"NCII\",\"victim\":{\"sex\":\"FEMALE\",\"ageBand\":\"AGE_25_34\",\"minor\":false,"
                    + "\"relationship\":\"FORMER_PARTNER\",\"disability\":\"NO\"}}",
            "SEXTORTION", "{\"offenceCategory\":\"SEXTORTION\",\"victim\":{\"sex\":\"FEMALE\",\"ageBand\":\"AGE_14_17\",\"minor\":true,"
                    + "\"relationship\":\"STRANGER\"}}",
            "CYBERSTALKING", "{\"offenceCategory\":\"CYBERSTALKING\",\"victim\":{\"sex\":\"FEMALE\",\"ageBand\":\"AGE_35_49\","
                    + "\"relationship\":\"FORMER_PARTNER\",\"disability\":\"YES\"}}");

    private final World w;
    private boolean sent;
    /** Kind (NCII, SEXTORTION, CYBERSTALKING) -> the request the world sent for it (null id when refused). */
    final Map<String, Sent> requests = new LinkedHashMap<>();
    /** Kind -> status of the victim-data PUT. */
    final Map<String, Integer> victimData = new LinkedHashMap<>();
    /** The hash list after the removal (ADR-0038): POST status and code, its id, whether delivered, the platform's answer status. */
    int hashListStatus;
    String hashListCode;
    String hashListId;
    int hashListAppliedStatus;

    /** The regulator's production order: status and code of the answer. */
    int regulatorStatus;
    String regulatorCode;

    final TfvawgInvariant invariant;

    TfvawgTraffic(World w) {
        this.w = w;
        this.invariant = new TfvawgInvariant(w.violations);
    }

    /** Sends the TFVAWG traffic once the scenario's time for it has come (nothing when the scenario has none). */
    void tick() throws Exception {
        WorldScenario.Tfvawg t = w.s.tfvawg();
        if (sent) {
            hashList(w.countries.get(t.country()));
        }
        if (sent || t == null || w.nowHours + 1e-9 < t.atHours()) {
            return;
        }
        Country c = w.countries.get(t.country());
        Country from = w.countries.get(t.unccFrom());
        if (c.node == null || from.node == null) {
            return; // a node is restarting: next step
        }
        sent = true;
        Portal p = w.portals.get(t.platform());
        removal(c, p);
        emergency(c, p);
        uncc(from, t.unccTo());
        regulator(c, p);
    }

    boolean enabled() {
        return w.s.tfvawg() != null;
    }

    private void removal(Country c, Portal p) throws Exception {
        String ref = "SIM-TFVAWG-NCII-" + c.code;
        ObjectNode n = (ObjectNode) Messages.read(w.messages.toPlatform(Messages.REMOVAL, p.plan().id(), p.country(), c.code, w.clock.instant(), ref));
        ObjectNode body = (ObjectNode) n.get("body");
        ((ObjectNode) body.get("issuingAuthority")).put("kind", "CIVIL_COURT");
        body.put("legalBasis", "simulated: civil-law injunction in the victim's proceedings (right to one's image)");
        track("NCII", c, c.civilCourt, new Sent(c.code, p.plan().id(), Messages.REMOVAL, w.nowHours, false), Messages.bytes(n), ref);
    }

    private void emergency(Country c, Portal p) throws Exception {
        String ref = "SIM-TFVAWG-SEXTORTION-" + c.code;
        byte[] body = w.messages.toPlatform(Messages.EMERGENCY_PLATFORM, p.plan().id(), p.country(), c.code, w.clock.instant(), ref);
        track("SEXTORTION", c, c.cp, new Sent(c.code, p.plan().id(), Messages.EMERGENCY_PLATFORM, w.nowHours, false), body, ref);
    }

    private void uncc(Country from, String to) throws Exception {
        w.crossSent.incrementAndGet();
        w.crossPerInstrument.merge(Messages.UNCC_PRESERVATION, 1, Integer::sum);
        byte[] body = w.messages.toCountry(Messages.UNCC_PRESERVATION, from.code, to, w.clock.instant());
        track("CYBERSTALKING", from, from.cp, new Sent(from.code, "node:" + to, Messages.UNCC_PRESERVATION, w.nowHours, false), body,
                "SIM-TFVAWG-UNCC-" + from.code);
    }

    private void regulator(Country c, Portal p) throws Exception {
        String ref = "SIM-TFVAWG-REGULATOR-" + c.code;
        ContactPointClient.Answer a = c.regulator.submit(w.messages.toPlatform("EU_EPOC", p.plan().id(), p.country(), c.code,
                w.clock.instant(), ref), ref);
        regulatorStatus = a.status();
        regulatorCode = a.status() / 100 == 2 ? null : World.code(a);
        if (a.status() / 100 == 2) {
            w.violations.add(c.code + ": the regulator's production order was accepted (" + a.status() + ")");
        } else {
            w.reject(regulatorCode);
        }
    }

    /**
     * Once the civil court's order is REMOVED, the civil court sends a hash list of two hashes (PDQ, SHA-256) for the
     * removed content; once the list is delivered (its follow-up SENT), the platform answers HASH_LIST_APPLIED. A channel
     * that cannot carry a hash list answers 422 {@code EEG-ACT-HASH-LIST-UNSUPPORTED}: expected, no answer then.
     */
    private void hashList(Country c) throws Exception {
        Sent removal = requests.get("NCII");
        if (removal == null || removal.id == null || c.node == null || hashListAppliedStatus != 0 || hashListStatus / 100 == 4) {
            return;
        }
        if (hashListStatus == 0) {
            if (!"REMOVED".equals(state(c, removal.id))) {
                return;
            }
            String body = "{\"fromOrder\":true,\"hashes\":[{\"algorithm\":\"PDQ\",\"value\":\"" + Messages.randomHash()
                    + "\"},{\"algorithm\":\"SHA256\",\"value\":\"" + Messages.randomHash() + "\"}]}";
            ContactPointClient.Answer a = c.civilCourt.post("api/v1/requests/" + removal.id + "/hash-lists", body.getBytes(StandardCharsets.UTF_8),
                    "application/json", null);
            hashListStatus = a.status();
            if (a.status() == 200) {
                hashListId = Messages.read(a.body().getBytes(StandardCharsets.UTF_8)).path("hashLists").path(0).path("listId").asText(null);
            } else {
                hashListCode = World.code(a);
            }
            return;
        }
        String status = c.civilCourt.get("api/v1/requests/" + removal.id).body();
        if (hashListId != null && status.contains(hashListId) && status.contains("\"SENT\"")) {
            ContactPointClient.Answer r = c.platformClients.get(removal.platform).post("api/v1/platform/answers",
                    w.messages.hashListApplied(hashListId, removal.platform, w.clock.instant()), "application/json", null);
            hashListAppliedStatus = r.status();
        }
    }

    /** Submits, tracks an accepted request like the world's others, and records its victim data through the API. */
    private void track(String kind, Country c, ContactPointClient client, Sent s, byte[] body, String ref) throws Exception {
        s.tfvawg = true;
        w.sentAll.add(s);
        w.day(0);
        ContactPointClient.Answer a = client.submit(body, ref);
        s.status = a.status();
        requests.put(kind, s);
        if (a.status() != 201 && a.status() != 200) {
            w.reject(World.code(a));
            w.violations.add(c.code + ": the TFVAWG " + kind + " request (" + s.instrument + ") was refused: " + a.status() + " " + World.code(a));
            return;
        }
        s.id = Messages.read(a.body().getBytes(StandardCharsets.UTF_8)).get("id").asText();
        w.sentById.put(s.id, s);
        c.accepted.add(s.id);
        w.day(1);
        if (Messages.emergency(s.instrument)) {
            w.day(2);
        }
        HttpRequest put = HttpRequest.newBuilder(URI.create(World.baseUrl(c) + "/api/v1/requests/" + s.id + "/victim-data"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(VICTIM_DATA.get(kind), StandardCharsets.UTF_8)).build();
        ContactPointClient.Answer v = client.send(put);
        victimData.put(kind, v.status());
        if (v.status() != 201) {
            w.violations.add(c.code + ": victim data of the TFVAWG " + kind + " request " + s.id + " answered " + v.status() + " " + World.code(v));
        }
    }

    /** The code the regulator's production order must get. */
    static String scopeCode() {
        return IntakeError.AUTH_ISSUER_SCOPE.code();
    }

    // ---------------------------------------------------------------- the end of the run

    /** Checks what came of the TFVAWG traffic on every node (after the drain); the log lines were scanned as written. */
    TfvawgInvariant check() throws Exception {
        WorldScenario.Tfvawg t = w.s.tfvawg();
        Country c = w.countries.get(t.country());
        Sent removal = requests.get("NCII");
        if (removal != null && removal.id != null && c.node != null) {
            String state = state(c, removal.id);
            JsonNode ds = deadlines(c.civilCourt, removal.id);
            invariant.removal(removal.id, state, "REMOVED".equals(state), running(ds, "REMOVAL_PRESERVATION"));
            JsonNode list = Messages.read(c.civilCourt.get("api/v1/requests/" + removal.id + "/hash-lists").body().getBytes(StandardCharsets.UTF_8))
                    .path("hashLists").path(0);
            invariant.hashList(hashListStatus, hashListCode, hashListAppliedStatus, list.path("hashCount").asInt(-1),
                    list.hasNonNull("matched") ? list.get("matched").asInt() : null, list.hasNonNull("removed") ? list.get("removed").asInt() : null);
        }
        Sent emergency = requests.get("SEXTORTION");
        if (emergency != null && emergency.id != null && c.node != null) {
            boolean breached = false;
            for (JsonNode d : deadlines(c.cp, emergency.id).path("deadlines")) {
                breached |= "BREACHED".equals(d.path("state").asText());
            }
            invariant.emergency(emergency.id, state(c, emergency.id), c.node.requests().find(emergency.id).map(r -> r.receiptId() != null)
                    .orElse(false), breached);
        }
        uncc(t);
        invariant.regulator(regulatorStatus, regulatorCode, listed(c.regulator));
        scanStored();
        statistics();
        return invariant;
    }

    private void uncc(WorldScenario.Tfvawg t) throws Exception {
        Sent s = requests.get("CYBERSTALKING");
        Country from = w.countries.get(t.unccFrom());
        Country to = w.countries.get(t.unccTo());
        invariant.parties(from.code, instruments(from.code), to.code, instruments(to.code));
        if (s == null || s.id == null || from.node == null || to.node == null) {
            return;
        }
        Sent domestic = List.copyOf(w.sentAll).stream().filter(x -> from.code.equals(x.fromCountry) && to.code.equals(x.country)
                && Messages.UNCC_PRESERVATION.equals(x.instrument)).findFirst().orElse(null);
        var order = domestic == null ? null : to.node.requests().find(domestic.id).orElse(null);
        invariant.uncc(s.id, state(from, s.id), running(deadlines(from.cp, s.id), "UNCC_ART42_PRESERVATION_MIN"),
                order == null ? null : order.messageType(), order == null ? null : order.state().name());
    }

    private List<String> instruments(String country) {
        return w.s.countries().stream().filter(x -> x.code().equals(country)).findFirst().map(WorldScenario.Country::instruments).orElse(null);
    }

    /** Custody records of every node and the timelines of the TFVAWG requests: none may carry the victim data. */
    private void scanStored() throws Exception {
        for (Country c : w.countries.values()) {
            if (c.node == null) {
                continue;
            }
            c.node.custody().flushAndPublish();
            for (String text : c.node.requests().database().read(conn -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = conn.connection().prepareStatement("SELECT record_text FROM custody_record");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            })) {
                invariant.scan("custody records", c.code + " custody record", text);
            }
        }
        for (Map.Entry<String, Sent> e : requests.entrySet()) {
            Sent s = e.getValue();
            Country c = w.countries.get(s.country);
            if (s.id != null && c.node != null) {
                ContactPointClient client = "NCII".equals(e.getKey()) ? c.civilCourt : c.cp;
                invariant.scan("timelines", c.code + " timeline of " + s.id, client.get("api/v1/requests/" + s.id + "/timeline").body());
            }
        }
    }

    /**
     * The statistics of the period that ended during the run (the nodes' default: quarters), from each node's auditor:
     * no published cell with {@code 0 < n < minCell}. A run that ends within the quarter it started in checks nothing.
     */
    private void statistics() throws Exception {
        ZonedDateTime start = w.start.atZone(ZoneOffset.UTC);
        int quarter = (start.getMonthValue() - 1) / 3;
        ZonedDateTime end = ZonedDateTime.of(start.getYear(), quarter * 3 + 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMonths(3);
        if (w.clock.instant().isBefore(end.toInstant())) {
            return;
        }
        String period = start.getYear() + "-Q" + (quarter + 1);
        invariant.statistics("period " + period);
        for (Country c : w.countries.values()) {
            if (c.node == null) {
                continue;
            }
            ContactPointClient.Answer a = c.auditor.get("api/v1/statistics?period=" + period);
            if (a.status() != 200) {
                w.violations.add("TFVAWG: " + c.code + " statistics of " + period + " answered " + a.status() + " " + World.code(a));
                continue;
            }
            JsonNode release = Messages.read(a.body().getBytes(StandardCharsets.UTF_8));
            int minCell = release.path("minCell").asInt(5);
            for (JsonNode table : release.path("tables")) {
                for (JsonNode cell : table.path("cells")) {
                    invariant.cell(c.code + " " + table.path("table").asText() + " " + cell, cell.hasNonNull("count") ? cell.get("count").asInt() : null,
                            cell.path("suppressed").asBoolean(false), minCell);
                }
            }
        }
    }

    private static String state(Country c, String id) {
        return c.node.requests().find(id).map(r -> r.state().name()).orElse("NOT STORED");
    }

    private static JsonNode deadlines(ContactPointClient client, String id) throws Exception {
        ContactPointClient.Answer a = client.get("api/v1/requests/" + id + "/deadlines");
        return a.status() == 200 ? Messages.read(a.body().getBytes(StandardCharsets.UTF_8)) : Messages.read("{}".getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the request's deadline of {@code rule} runs (or ran to its end) with a due time. */
    private static boolean running(JsonNode deadlines, String rule) {
        for (JsonNode d : deadlines.path("deadlines")) {
            if (rule.equals(d.path("rule").asText()) && d.hasNonNull("dueAt") && List.of("RUNNING", "MET", "EXPIRED").contains(d.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    private static int listed(ContactPointClient client) throws Exception {
        ContactPointClient.Answer a = client.get("api/v1/requests");
        return a.status() == 200 ? Messages.read(a.body().getBytes(StandardCharsets.UTF_8)).path("items").size() : -1;
    }
}
