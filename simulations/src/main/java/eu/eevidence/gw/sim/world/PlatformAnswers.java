package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Portal;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The platforms' and requesters' answers: each delivery a portal accepted schedules the platform's answer (refusal,
 * clarification request or execution report) after the platform's delay; due actions are played at their own virtual
 * time within the step, and those whose node is restarting are tried again next step.
 */
final class PlatformAnswers {

    /** A platform's (or requester's) action due at a scenario time. */
    private record Action(double atHours, String kind, String requestId) {
    }

    private final World w;
    private final EvidenceUploads evidence;
    private final PriorityQueue<Action> actions = new PriorityQueue<>((a, b) -> Double.compare(a.atHours, b.atHours));

    PlatformAnswers(World w, EvidenceUploads evidence) {
        this.w = w;
        this.evidence = evidence;
    }

    /** New deliveries the portals accepted: schedule the platform's answer. */
    void scanPortals() {
        for (Portal p : w.portals.values()) {
            List<SimulatedPlatformPortal.Accepted> acc = p.server().accepted();
            for (int i = p.cursor()[0]; i < acc.size(); i++) {
                Sent sent = w.sentById.get(acc.get(i).requestId());
                if (sent == null || acc.get(i).idempotencyKey().startsWith("NTC-")) {
                    continue; // a follow-up (notice) or a request of an earlier run
                }
                if (sent.instrument.equals("BUDAPEST_ART29_PRESERVATION") || sent.instrument.equals("EU_EPOC_PR")
                        || sent.instrument.equals(Messages.UNCC_PRESERVATION)) {
                    continue; // preserved on receipt (the portal's receipt says PRESERVED)
                }
                if (sent.tfvawg) {
                    // on a fixed plan (no random draw, so that the rest of the world draws what it drew before): removed
                    // after 2 hours, an emergency answered with the data after 1 hour
                    actions.add(new Action(w.nowHours + (Messages.removal(sent.instrument) ? 2.0 : 1.0),
                            Messages.removal(sent.instrument) ? "CONTENT_REMOVED" : "EXECUTION_REPORT", sent.id));
                    continue;
                }
                if (Messages.removal(sent.instrument)) {
                    removal(sent);
                    continue;
                }
                boolean emergency = Messages.emergency(sent.instrument);
                double delay = delay(emergency ? p.plan().emergencyAnswerDelayHours() : p.plan().answerDelayHours());
                double x = w.rnd.nextDouble();
                String kind = x < p.plan().refuse() ? "REFUSAL" : x < p.plan().refuse() + p.plan().clarify() ? "CLARIFICATION_REQUEST" : "EXECUTION_REPORT";
                actions.add(new Action(w.nowHours + delay, kind, sent.id));
            }
            p.cursor()[0] = acc.size();
        }
    }

    /**
     * A removal order (preserved on receipt, the portal's receipt says PRESERVED): most platforms remove within the order's
     * 24 hours, some late (after the breach alarm), a few never (only the alarm): the removal invariant sees all three.
     */
    private void removal(Sent sent) {
        double x = w.rnd.nextDouble();
        if (x < 0.8) {
            actions.add(new Action(w.nowHours + delay(List.of(0.5, 20.0)), "CONTENT_REMOVED", sent.id));
        } else if (x < 0.92) {
            actions.add(new Action(w.nowHours + delay(List.of(26.0, 40.0)), "CONTENT_REMOVED", sent.id));
        }
    }

    private double delay(List<Double> range) {
        return range.get(0) + w.rnd.nextDouble() * Math.max(0, range.get(1) - range.get(0));
    }

    /** Plays the actions due up to now, each at its own virtual time after {@code previous}. */
    void dueActions(double previous) {
        List<Action> later = new ArrayList<>();
        double last = previous;
        while (!actions.isEmpty() && actions.peek().atHours() <= w.nowHours + 1e-9) {
            Action a = actions.poll();
            w.actionHours = Math.max(last, a.atHours()); // late ones (node was down) are played now, in order
            last = w.actionHours;
            w.clock.set(w.nodeTime(w.actionHours));
            Sent sent = w.sentById.get(a.requestId());
            Country c = w.countries.get(sent.country);
            if (c.node == null) {
                later.add(a); // the node is restarting: the platform tries again next step
                continue;
            }
            try {
                play(a, c, sent);
            } catch (IOException e) {
                later.add(a);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        actions.addAll(later);
    }

    private void play(Action a, Country c, Sent sent) throws IOException, InterruptedException {
        switch (a.kind()) {
            case "CLARIFICATION_ANSWERED" -> {
                String ev = "{\"event\":\"CLARIFICATION_ANSWERED\",\"occurredAt\":\"" + w.clock.instant() + "\"}";
                ContactPointClient.Answer r = (sent.viaSecondary ? c.cpSecondary : c.cp).post("api/v1/requests/" + a.requestId() + "/events",
                        ev.getBytes(StandardCharsets.UTF_8), "application/json", null);
                if (r.status() / 100 == 2) {
                    actions.add(new Action(w.actionHours + delay(List.of(1.0, 48.0)), "ACK_AND_REPORT", a.requestId()));
                } else {
                    w.reject("event:" + World.code(r));
                }
            }
            case "ACK_AND_REPORT" -> {
                answer(c, sent, "ACKNOWLEDGEMENT");
                completed(sent, evidence.report(c, sent));
            }
            case "CLARIFICATION_REQUEST" -> {
                if (answer(c, sent, a.kind()) == 201) {
                    actions.add(new Action(w.actionHours + delay(List.of(0.5, 24.0)), "CLARIFICATION_ANSWERED", a.requestId()));
                }
            }
            case "EXECUTION_REPORT" -> completed(sent, evidence.report(c, sent));
            case "CONTENT_REMOVED" -> {
                ContactPointClient.Answer r = c.platformClients.get(sent.platform).post("api/v1/platform/answers",
                        w.messages.removed(sent.id, sent.platform, w.clock.instant(), sent.instrument.equals(Messages.REMOVAL_BY_HASH)),
                        "application/json", null);
                if (r.status() != 201 && r.status() != 200) {
                    w.reject("answer:" + World.code(r));
                }
            }
            default -> answer(c, sent, a.kind());
        }
    }

    private int answer(Country c, Sent sent, String type) throws IOException, InterruptedException {
        ContactPointClient client = c.platformClients.get(sent.platform);
        ContactPointClient.Answer r = client.post("api/v1/platform/answers", w.messages.answer(type, sent.id, sent.platform, w.clock.instant()),
                "application/json", null);
        if (r.status() != 201 && r.status() != 200) {
            w.reject("answer:" + World.code(r));
        }
        return r.status();
    }

    private void completed(Sent sent, int status) {
        if (status == 201) {
            w.day(3);
            if (Messages.emergency(sent.instrument)) {
                w.emergencyVirtualMinutes.add((w.actionHours - sent.atHours) * 60);
                w.emergencyWallMillis.add((System.nanoTime() - sent.wallNanos) / 1e6);
            }
        }
    }
}
