package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.action.ActionError;

import java.util.Collection;
import java.util.List;

/**
 * The TFVAWG traffic at the end of a run (issue 21 item 7): every accepted TFVAWG request reached its expected state
 * (the civil court's removal REMOVED with its preservation tracked; the UN Convention preservation PRESERVED on the
 * requesting node under its UNCC deadline rule, the requested Party's domestic order preserved; the sextortion
 * emergency answered within its deadline), the regulator's production order refused 403 {@code EEG-AUTH-ISSUER-SCOPE}
 * leaving nothing, the victim data in no log line, custody record or timeline, and no statistics cell of an ended
 * period with {@code 0 < n < min-cell}.
 */
final class TfvawgInvariant {

    /** The victim data's values as the world records them: none may appear in a log line, custody record or timeline. */
    static final List<String> VICTIM_TOKENS = List.of("FORMER_PARTNER", "AGE_14_17", "AGE_25_34", "AGE_35_49", "SEXTORTION", "CYBERSTALKING",
            "offenceCategory", "\"victim\"");

    private final Collection<String> violations;
    private boolean held = true;
    private String removal = "none";
    private String emergency = "none";
    private String hashList = "not sent";
    private String uncc = "none";
    private String regulator = "none";
    /** Texts scanned per source (log lines, custody records, timelines). */
    private final java.util.Map<String, Long> scanned = new java.util.TreeMap<>();
    private int leaks;
    private int cells;
    private int suppressedCells;
    private String statistics = "no statistics period ended in the run's virtual time (not checked)";

    TfvawgInvariant(Collection<String> violations) {
        this.violations = violations;
    }

    /** The civil court's removal order: its request state, whether removed, whether its preservation deadline is tracked. */
    void removal(String id, String state, boolean removed, boolean preservationTracked) {
        removal = state;
        if (!"REMOVED".equals(state) || !removed || !preservationTracked) {
            violation("TFVAWG: the civil court's NCII removal order " + id + " is " + state + " (removed " + removed + ", preservation tracked "
                    + preservationTracked + "), not REMOVED with its preservation tracked");
        } else {
            removal = "REMOVED, preservation tracked";
        }
    }

    /**
     * The hash list after the removal: the POST's status and code, the platform's answer status, and what the node shows
     * (hash count, matched and removed; null before an answer). Refused as unsupported by the channel is expected.
     */
    void hashList(int status, String code, int appliedStatus, int hashCount, Integer matched, Integer removed) {
        if (status == 422 && ActionError.ACT_HASH_LIST_UNSUPPORTED.code().equals(code)) {
            hashList = "refused as unsupported by the platform's channel (422)";
        } else if (status == 200 && appliedStatus == 201 && hashCount == 2 && matched != null && matched == 5 && removed != null && removed == 4) {
            hashList = "2 hashes sent after the removal, answered by the platform: matched " + matched + ", removed " + removed;
        } else {
            hashList = status + " " + code + ", answer " + appliedStatus;
            violation("TFVAWG: the hash list after the removal was answered " + status + " " + code + ", the platform's answer " + appliedStatus
                    + ", shown " + hashCount + " hashes matched " + matched + " removed " + removed);
        }
    }

    /** The sextortion emergency: its state, whether delivered with a receipt, whether any of its deadlines was breached. */
    void emergency(String id, String state, boolean receipt, boolean breached) {
        emergency = state;
        if (!"COMPLETED".equals(state) || !receipt || breached) {
            violation("TFVAWG: the sextortion emergency " + id + " is " + state + " (receipt " + receipt + ", deadline breached " + breached
                    + "), not answered within its deadline");
        } else {
            emergency = "COMPLETED within its deadline";
        }
    }

    /**
     * The UN Convention preservation: its state on the requesting node, whether the UNCC rule runs there, the domestic
     * order's type and state on the requested node (null when none was made).
     */
    void uncc(String id, String state, boolean unccRule, String domesticType, String domesticState) {
        uncc = state;
        boolean domestic = Messages.UNCC_PRESERVATION.equals(domesticType) && domesticState != null
                && List.of("PRESERVED", "DELIVERED", "ACKNOWLEDGED").contains(domesticState);
        if (!"PRESERVED".equals(state) || !unccRule || !domestic) {
            violation("TFVAWG: the UN Convention preservation " + id + " is " + state + " (UNCC_ART42_PRESERVATION_MIN " + unccRule
                    + ", requested Party's order " + domesticType + " " + domesticState + "), not preserved and confirmed across the hop");
        } else {
            uncc = "PRESERVED across the hop (requested Party's order " + domesticState + "), UNCC_ART42_PRESERVATION_MIN running";
        }
    }

    /** Two Parties not both bound by ETS 185: a violation when both are (the world was set up wrong). */
    void parties(String from, List<String> fromInstruments, String to, List<String> toInstruments) {
        boolean fromBudapest = fromInstruments == null || fromInstruments.contains("BUDAPEST");
        boolean toBudapest = toInstruments == null || toInstruments.contains("BUDAPEST");
        if (fromBudapest && toBudapest) {
            violation("TFVAWG: the UN Convention preservation runs between " + from + " and " + to + ", both Parties to ETS 185");
        }
    }

    /** The regulator's production order: the answer, and how many requests the regulator can list afterwards. */
    void regulator(int status, String code, int listed) {
        regulator = status + " " + code + ", " + listed + " stored";
        if (status != 403 || !TfvawgTraffic.scopeCode().equals(code) || listed != 0) {
            violation("TFVAWG: the regulator's production order answered " + status + " " + code + " and left " + listed + " request(s)");
        }
    }

    /** A text the world can read ({@code source}: log line, custody record, timeline): none may carry the victim data. */
    synchronized void scan(String source, String where, String text) {
        scanned.merge(source, 1L, Long::sum);
        for (String token : VICTIM_TOKENS) {
            if (text != null && text.contains(token)) {
                leaks++;
                violation("TFVAWG: victim data (" + token + ") in " + where);
                return;
            }
        }
    }

    /** One published statistics cell of an ended period. */
    void cell(String where, Integer count, boolean suppressed, int minCell) {
        cells++;
        if (suppressed) {
            suppressedCells++;
        } else if (count == null || (count > 0 && count < minCell)) {
            violation("TFVAWG: statistics cell " + where + " published with count " + count + " (min-cell " + minCell + ")");
        }
    }

    /** What was checked of the statistics (the period, or why none). */
    void statistics(String what) {
        statistics = what;
    }

    private void violation(String v) {
        held = false;
        violations.add(v);
    }

    boolean held() {
        return held;
    }

    synchronized String figures() {
        return "civil court's NCII removal " + removal + "; hash list " + hashList + "; sextortion emergency " + emergency
                + "; UNCC Art. 42 cyberstalking preservation " + uncc + "; regulator's production order " + regulator + "; scanned " + scanned + ", "
                + leaks + " with victim data; statistics: " + statistics + (cells > 0 ? ", " + cells + " cells (" + suppressedCells + " suppressed)" : "");
    }

    void report(List<WorldReport.Invariant> invariants) {
        invariants.add(new WorldReport.Invariant("every TFVAWG request reaches its expected state, the regulator's refused order leaves nothing,"
                + " victim data in no log, custody record or timeline, no small statistics cell", held, figures()));
    }
}
