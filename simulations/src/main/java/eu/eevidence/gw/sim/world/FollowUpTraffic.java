package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.ContactPointClient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follow-ups in the worlds (issue 17 item 1, ADR-0032): a share of the delivered requests (one in {@link #SHARE}, one in
 * two of those to a peer node; chosen from the request id so that the world's other random draws stay as they were)
 * gets, from its requesting contact point through the node's API, a deadline change (an Annex VI extension on an EPOC-PR), a correspondence, a withdrawal and
 * then one more correspondence (which the node must refuse: the request is withdrawn). Channels that cannot carry a
 * type answer 422 {@code EEG-ACT-FOLLOW-UP-UNSUPPORTED} (correspondence to a peer node): expected, not a failure.
 * Requests to a peer node are not withdrawn here: the world's cross-border evidence invariant expects every item of the
 * requested Party's final report on the requesting node, which a withdrawn request does not fetch.
 * A domestic order the requested Party made from another Party's case is left alone: its follow-ups are the requesting
 * Party's, relayed by the requested node (a notice of its own beside a relayed one would make the stored notices differ
 * from the world's sends without anything being wrong).
 * At the end {@link #check} gives every such request to {@link FollowUpInvariant}.
 */
final class FollowUpTraffic {

    static final int SHARE = 8;
    private static final String DEADLINE = "DEADLINE";

    private final World w;
    private final Set<String> seen = new HashSet<>();
    /** Per country and request id: the follow-ups sent, in order. */
    private final Map<String, Map<String, List<FollowUpInvariant.Attempt>>> sent = new LinkedHashMap<>();

    FollowUpTraffic(World w) {
        this.w = w;
    }

    /** Sends the follow-ups of the chosen requests that have been delivered since the last step. */
    void followUps() throws Exception {
        for (Sent x : List.copyOf(w.sentAll)) {
            String id = x.id;
            if (id == null || x.viaSecondary || x.tfvawg || x.status / 100 != 2 || seen.contains(id) || x.fromCountry != null
                    || Math.floorMod(id.hashCode(), x.platform.startsWith("node:") ? 2 : SHARE) != 0) {
                continue;
            }
            Country c = w.countries.get(x.country);
            GatewayNode n = c.node;
            if (n == null || c.cp == null) {
                continue;
            }
            RequestRecord r = n.requests().find(id).orElse(null);
            if (r == null || r.receiptId() == null || r.state().isTerminal() || r.state().awaitsDelivery()) {
                continue;
            }
            seen.add(id);
            send(c, x, id);
        }
    }

    private void send(Country c, Sent x, String id) throws Exception {
        List<FollowUpInvariant.Attempt> out = sent.computeIfAbsent(c.code, k -> new LinkedHashMap<>()).computeIfAbsent(id, k -> new ArrayList<>());
        JsonNode running = running(c, id);
        if (running != null) {
            String rule = running.path("rule").asText();
            if ("EU_EPOC_PR".equals(x.instrument) && rule.contains("PRESERV")) {
                out.add(attempt(DEADLINE, call(c, "POST", "api/v1/requests/" + id + "/deadlines/" + rule + "/extend", null)));
            } else {
                String due = Instant.parse(running.path("dueAt").asText()).plus(Duration.ofDays(10)).toString();
                out.add(attempt(DEADLINE, call(c, "PUT", "api/v1/requests/" + id + "/deadlines/" + rule,
                        "{\"dueAt\":\"" + due + "\",\"reason\":\"simulated: more time agreed\"}")));
            }
        }
        out.add(attempt("CORRESPONDENCE", call(c, "POST", "api/v1/requests/" + id + "/correspondence", "{\"text\":\"simulated correspondence\"}")));
        if (x.platform.startsWith("node:")) {
            return; // a withdrawal across a hop races the requested Party's domestic order and its evidence (see the class comment)
        }
        out.add(attempt("WITHDRAWAL", call(c, "POST", "api/v1/requests/" + id + "/withdraw", "{\"reason\":\"simulated: no longer needed\"}")));
        out.add(attempt("CORRESPONDENCE", call(c, "POST", "api/v1/requests/" + id + "/correspondence", "{\"text\":\"after the withdrawal\"}")));
    }

    /** The first running deadline of the request (null if none). */
    private static JsonNode running(Country c, String id) throws Exception {
        ContactPointClient.Answer a = c.cp.get("api/v1/requests/" + id + "/deadlines");
        if (a.status() != 200) {
            return null;
        }
        for (JsonNode d : Messages.read(a.body().getBytes(StandardCharsets.UTF_8)).path("deadlines")) {
            if ("RUNNING".equals(d.path("state").asText()) && d.hasNonNull("dueAt")) {
                return d;
            }
        }
        return null;
    }

    private static ContactPointClient.Answer call(Country c, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(World.baseUrl(c) + "/" + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return c.cp.send(b.build());
    }

    private static FollowUpInvariant.Attempt attempt(String kind, ContactPointClient.Answer a) {
        return new FollowUpInvariant.Attempt(kind, a.status(), a.status() / 100 == 2 ? null : World.code(a));
    }

    /** The invariant over every request that got follow-ups, on what each node stored and shows. */
    FollowUpInvariant check() throws Exception {
        FollowUpInvariant inv = new FollowUpInvariant(w.violations);
        for (var perCountry : sent.entrySet()) {
            Country c = w.countries.get(perCountry.getKey());
            if (c.node == null) {
                continue;
            }
            for (var e : perCountry.getValue().entrySet()) {
                inv.one(c.code, e.getKey(), e.getValue(), stored(c, e.getKey()));
            }
        }
        return inv;
    }

    private static List<FollowUpInvariant.Stored> stored(Country c, String id) throws Exception {
        Map<String, Boolean> confirmed = new LinkedHashMap<>();
        JsonNode ds = Messages.read(c.cp.get("api/v1/requests/" + id + "/deadlines").body().getBytes(StandardCharsets.UTF_8));
        for (JsonNode d : ds.path("deadlines")) {
            confirmed.put(d.path("rule").asText(), d.path("confirmedByAddressee").asBoolean(true));
        }
        String timeline = c.cp.get("api/v1/requests/" + id + "/timeline").body();
        boolean alarm = timeline.contains("FOLLOW_UP_NOT_DELIVERED");
        List<FollowUpInvariant.Stored> out = new ArrayList<>();
        for (Notice n : c.node.requests().notices(id)) {
            String kind = switch (n.kind()) {
                case "DEADLINE_CHANGE", "PRESERVATION_EXTENSION", "ANNEX6_EXTENSION" -> DEADLINE;
                default -> n.kind();
            };
            out.add(new FollowUpInvariant.Stored(kind, n.state(), n.receiptId(), n.createdAt(), n.deadlineRule(),
                    n.deadlineRule() == null || confirmed.getOrDefault(n.deadlineRule(), true), alarm));
        }
        return out;
    }
}
