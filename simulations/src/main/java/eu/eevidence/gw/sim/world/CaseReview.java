package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.ContactPointClient;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The requested Party's 24/7 desk reviews what other Parties sent over the network: each new case is accepted and
 * ordered to one of the country's platforms (its first), refused when the country has none, or (Art. 35) answered by
 * the desk itself. A domestic order is tracked like any request the world sent (its platform answers it).
 */
final class CaseReview {

    private final World w;

    CaseReview(World w) {
        this.w = w;
    }

    void reviewCases() throws Exception {
        if (!w.networkMode()) {
            return;
        }
        for (Country c : w.countries.values()) {
            if (c.node == null) {
                continue;
            }
            ContactPointClient.Answer listed = c.cp.get("api/v1/cases?state=RECEIVED");
            if (listed.status() != 200) {
                continue;
            }
            List<String> platformsHere = w.s.countries().stream().filter(wc -> wc.code().equals(c.code)).findFirst()
                    .map(wc -> wc.platforms().stream().map(WorldScenario.Platform::id).toList()).orElse(List.of());
            for (JsonNode k : Messages.read(listed.body().getBytes(StandardCharsets.UTF_8)).path("items")) {
                review(c, k, platformsHere);
            }
        }
    }

    private void review(Country c, JsonNode k, List<String> platformsHere) throws Exception {
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
            w.crossReasons.merge("review failed: " + World.code(d), 1, Integer::sum);
            return;
        }
        w.casesDecided.incrementAndGet();
        if (type.equals(Messages.ASSISTANCE_COUNTRY)) {
            w.crossReasons.merge("answered by the requested contact point (Art. 35)", 1, Integer::sum);
        }
        JsonNode decided = Messages.read(d.body().getBytes(StandardCharsets.UTF_8));
        if (decided.hasNonNull("domesticRequestId")) {
            String domestic = decided.get("domesticRequestId").asText();
            Sent order = new Sent(c.code, platformsHere.get(0), type, w.nowHours, false);
            order.id = domestic;
            order.status = 201;
            order.fromCountry = k.hasNonNull("fromCountry") ? k.get("fromCountry").asText() : null;
            order.caseMessageId = k.hasNonNull("messageId") ? k.get("messageId").asText() : null;
            w.sentAll.add(order);
            w.sentById.put(domestic, order);
            c.accepted.add(domestic);
            w.domesticOrders.incrementAndGet();
        }
    }
}
