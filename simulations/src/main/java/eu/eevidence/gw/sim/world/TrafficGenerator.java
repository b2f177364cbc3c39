package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Portal;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.ContactPointClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The contact points' traffic: per step a Poisson number of requests over the scenario's routes and mix (growing over
 * the years, the emergency share moving from its start to its end value), each sent to the country's node, either to
 * one of the platforms or, State-addressed, to another Party (over the 24/7 network or the scenario's channel).
 */
final class TrafficGenerator {

    private final World w;

    TrafficGenerator(World w) {
        this.w = w;
    }

    void traffic(ExecutorService senders, double stepHours) throws Exception {
        WorldScenario.Traffic t = w.s.traffic();
        double years = w.nowHours / (24 * 365);
        double mean = t.requestsPerDay() * Math.pow(1 + t.growthPerYear(), years) * stepHours / 24;
        int n = poisson(mean);
        double emergencyShare = t.emergencyShareStart() + (t.emergencyShareEnd() - t.emergencyShareStart()) * Math.min(1, w.nowHours / (w.s.durationDays() * 24));
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WorldScenario.Route r = pickRoute();
            boolean emergency = w.rnd.nextDouble() < emergencyShare;
            boolean invalid = !emergency && w.rnd.nextDouble() < t.invalidShare();
            boolean secondary = w.rnd.nextDouble() < 0.1;
            if (w.portals.containsKey(r.to())) {
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

    /** A platform-addressed request from {@code from}'s contact point (its secondary desk if {@code secondary}). */
    Void submit(String from, String platform, String instrument, boolean invalid, boolean secondary) {
        Country c = w.countries.get(from);
        Portal p = w.portals.get(platform);
        String ref = "SIM-" + from + "-" + w.sequence.incrementAndGet();
        String key = invalid ? "INVALID:" + instrument : instrument;
        Sent sent = new Sent(from, platform, key, w.nowHours, secondary);
        w.sentAll.add(sent);
        w.day(0);
        byte[] body = invalid ? w.messages.invalid(platform, p.country(), from, w.clock.instant(), ref)
                : w.messages.toPlatform(instrument, platform, p.country(), from, w.clock.instant(), ref);
        boolean revokedNow = secondary && c.secondaryRevoked;
        try {
            GatewayNode node = c.node;
            if (node == null) {
                sent.status = -1;
                w.reject("NODE-DOWN");
                return null;
            }
            ContactPointClient client = secondary ? c.cpSecondary : c.cp;
            ContactPointClient.Answer a = client.submit(body, ref);
            sent.status = a.status();
            if (a.status() == 201 || a.status() == 200) {
                accepted(c, sent, a, instrument);
                if (invalid) {
                    w.violations.add("malformed submission " + ref + " was accepted as " + sent.id);
                }
                if (revokedNow) {
                    w.revokedAccepted.incrementAndGet();
                    w.violations.add("a request from a revoked certificate was accepted: " + sent.id);
                }
            } else {
                JsonNode problem = a.body() == null || a.body().isEmpty() ? null : Messages.read(a.body().getBytes(StandardCharsets.UTF_8));
                String code = problem != null && problem.has("code") ? problem.get("code").asText() : "HTTP-" + a.status();
                w.reject(code);
                if (revokedNow) {
                    w.revokedRefused.incrementAndGet();
                } else if (!invalid) {
                    w.violations.add("a valid " + instrument + " request from " + from + " was refused: " + a.status() + " " + code);
                }
            }
        } catch (IOException | InterruptedException e) {
            sent.status = -1;
            w.reject(c.node == null ? "NODE-DOWN" : "IO-" + e.getClass().getSimpleName());
        }
        return null;
    }

    /** The node took the request: its id is tracked and counted for the day. */
    private void accepted(Country c, Sent sent, ContactPointClient.Answer a, String instrument) {
        String id = Messages.read(a.body().getBytes(StandardCharsets.UTF_8)).get("id").asText();
        sent.id = id;
        w.sentById.put(id, sent);
        c.accepted.add(id);
        w.day(1);
        if (Messages.emergency(instrument)) {
            w.day(2);
        }
    }

    private Void cross(String from, String to, String instrument) {
        w.crossSent.incrementAndGet();
        w.crossPerInstrument.merge(instrument, 1, Integer::sum);
        Country a = w.countries.get(from);
        Country b = w.countries.get(to);
        if (w.networkMode()) {
            return crossOverNetwork(a, to, instrument);
        }
        try {
            CrossBorder.Outcome o = w.crossBorder.send(new CrossBorder.Message(from, to, instrument, Messages.emergency(instrument),
                    w.messages.toCountry(instrument, from, to, w.clock.instant()), w.clock.instant(), World.baseUrl(a),
                    World.baseUrl(b)));
            if (o.exchanged()) {
                w.crossExchanged.incrementAndGet();
            } else {
                w.crossReasons.merge(o.reason(), 1, Integer::sum);
            }
        } catch (Exception e) {
            w.crossReasons.merge("error: " + e.getClass().getSimpleName(), 1, Integer::sum);
        }
        return null;
    }

    /** A's contact point sends a State-addressed request to its own node, which carries it to the requested Party's node. */
    private Void crossOverNetwork(Country a, String to, String instrument) {
        Sent sent = new Sent(a.code, "node:" + to, instrument, w.nowHours, false);
        w.sentAll.add(sent);
        w.day(0);
        try {
            if (a.node == null) {
                sent.status = -1;
                w.reject("NODE-DOWN");
                return null;
            }
            ObjectNode envelope = (ObjectNode) Messages.read(w.messages.toCountry(instrument, a.code, to, w.clock.instant()));
            String route = a.code + ">" + to;
            if (instrument.equals("BUDAPEST_ART31_MUTUAL_ASSISTANCE")) {
                namePreservation(envelope, w.lastPreservation.get(route));
            }
            ContactPointClient.Answer r = a.cp.submit(Messages.bytes(envelope), "SIM-X-" + a.code + "-" + w.sequence.incrementAndGet());
            if ((r.status() == 201 || r.status() == 200) && instrument.equals("BUDAPEST_ART29_PRESERVATION")) {
                w.lastPreservation.put(route, envelope.get("messageId").asText());
            }
            sent.status = r.status();
            if (r.status() == 201 || r.status() == 200) {
                accepted(a, sent, r, instrument);
            } else {
                String code = World.code(r);
                w.reject(code);
                w.crossReasons.merge("refused by the sending node: " + code, 1, Integer::sum);
                w.violations.add("a valid " + instrument + " request from " + a.code + " to " + to + " was refused: " + r.status() + " " + code
                        + " " + (r.body() == null ? "" : r.body().substring(0, Math.min(400, r.body().length()))));
            }
        } catch (IOException | InterruptedException e) {
            sent.status = -1;
            w.reject(a.node == null ? "NODE-DOWN" : "IO-" + e.getClass().getSimpleName());
        }
        return null;
    }

    /** Art. 31 after Art. 29: it names the preservation this Party sent the same Party earlier, if any. */
    private static void namePreservation(ObjectNode envelope, String earlier) {
        ObjectNode body = (ObjectNode) envelope.get("body");
        if (earlier == null) {
            envelope.remove("correlationId");
            body.remove("earlierPreservation");
        } else {
            envelope.put("correlationId", earlier);
            ((ObjectNode) body.get("earlierPreservation")).put("reference", earlier);
        }
    }

    private WorldScenario.Route pickRoute() {
        List<WorldScenario.Route> routes = w.s.traffic().routes();
        double total = routes.stream().mapToDouble(WorldScenario.Route::weight).sum();
        double x = w.rnd.nextDouble() * total;
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
            return allowed.get(w.rnd.nextInt(allowed.size()));
        }
        double x = w.rnd.nextDouble() * total;
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
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * w.rnd.nextGaussian()));
        }
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= w.rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
