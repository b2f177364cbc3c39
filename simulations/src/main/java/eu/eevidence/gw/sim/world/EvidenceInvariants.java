package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.sim.world.World.Upload;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evidence figures and their two invariants: every declared item is stored on the node the platform answered
 * to (with the declared SHA-256) or its upload still waits; every item of a cross-border report is stored on the
 * requesting node with the same SHA-256, or waits in a persisted PENDING job (nothing silently lost), and each one
 * transferred has EVIDENCE_SENT on the requested node and EVIDENCE_STORED "from node" on the requesting node.
 * One instance per check.
 */
final class EvidenceInvariants {

    private final World w;
    private final EvidenceUploads uploads;
    /** country -> "request|item" -> sha256, size. */
    private final Map<String, Map<String, String[]>> rows;
    /** country -> "message|item" -> state, sha256, request, last code. */
    private final Map<String, Map<String, String[]>> jobs;
    /** country -> record texts of EVIDENCE_SENT / EVIDENCE_STORED. */
    private final Map<String, List<String>> custody;

    private int declared;
    private int stored;
    private int pendingUploads;
    private int refused;
    private int cross;
    private int transferred;
    private int pending;
    private int failed;
    private int lost;
    private int sentEntries;
    private int storedEntries;
    private long bytesTransferred;
    private boolean uploadedOk = true;
    private boolean crossOk = true;
    private final Set<String> platformJobs = new HashSet<>();

    EvidenceInvariants(World w, EvidenceUploads uploads, NodeChecks checks) {
        this.w = w;
        this.uploads = uploads;
        this.rows = checks.evidenceRows;
        this.jobs = checks.fetchJobs;
        this.custody = checks.custodyTexts;
    }

    WorldReport.EvidenceStats check(List<WorldReport.Invariant> invariants) {
        Set<Upload> waiting = new HashSet<>(uploads.uploadQueue);
        for (Upload u : List.copyOf(uploads.uploads)) {
            declared++;
            checkUploaded(u, waiting);
            if (u.sent.fromCountry == null || !w.countries.containsKey(u.sent.fromCountry)) {
                continue;
            }
            checkTransferred(u);
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
        return new WorldReport.EvidenceStats(uploads.evidenceReports, declared, stored, pendingUploads, refused, uploads.uploadRetries.get(),
                uploads.bytesUploaded.get(), cross, transferred, pending, failed, lost, bytesTransferred, sentEntries, storedEntries, other);
    }

    /** On the node the platform answered to, with the declared SHA-256 and size, or its upload waits (or was refused). */
    private void checkUploaded(Upload u, Set<Upload> waiting) {
        String[] here = rows.getOrDefault(u.sent.country, Map.of()).get(u.sent.id + "|" + u.itemId);
        if (here != null && here[0].equals(u.sha256) && Long.parseLong(here[1]) == u.size) {
            stored++;
        } else if (here != null) {
            uploadedOk = false;
            w.violations.add(u.sent.country + " holds " + u.itemId + " of " + u.sent.id + " with SHA-256 " + here[0] + " / " + here[1]
                    + " bytes, the platform declared " + u.sha256 + " / " + u.size);
        } else if (waiting.contains(u)) {
            pendingUploads++;
        } else if (u.refused != null) {
            refused++;
            uploadedOk = false;
        } else {
            uploadedOk = false;
            w.violations.add(u.sent.country + " does not hold " + u.itemId + " of " + u.sent.id + " although its upload completed");
        }
    }

    /** An item of a domestic order made from another Party's case: on the requesting node, or pending in its fetch job. */
    private void checkTransferred(Upload u) {
        cross++;
        String a = u.sent.fromCountry;
        String[] job = jobs.getOrDefault(a, Map.of()).get(u.sent.caseMessageId + "|" + u.itemId);
        platformJobs.add(a + "|" + u.sent.caseMessageId + "|" + u.itemId);
        String what = u.itemId + " of " + u.sent.country + " " + u.sent.id + " (case of " + a + " message " + u.sent.caseMessageId + ")";
        if (job == null) {
            lost++;
            crossOk = false;
            w.violations.add(a + " has no fetch job and no copy of " + what);
            return;
        }
        switch (job[0]) {
            case "STORED" -> stored(u, a, job, what);
            case "PENDING" -> pending++;
            default -> {
                failed++;
                crossOk = false;
                w.violations.add(a + ": fetching " + what + " " + job[0] + " " + job[3]);
            }
        }
    }

    private void stored(Upload u, String a, String[] job, String what) {
        String[] there = rows.getOrDefault(a, Map.of()).get(job[2] + "|" + u.itemId);
        if (there == null || !there[0].equals(u.sha256) || !job[1].equals(u.sha256)) {
            crossOk = false;
            lost += there == null ? 1 : 0;
            w.violations.add(a + ": " + what + " job STORED but the item is " + (there == null ? "missing" : "held with SHA-256 " + there[0])
                    + ", declared " + u.sha256);
            return;
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
            w.violations.add(what + " transferred but custody " + (sent ? "" : "EVIDENCE_SENT missing on " + u.sent.country + " ")
                    + (got ? "" : "EVIDENCE_STORED from node missing on " + a));
        }
    }
}
