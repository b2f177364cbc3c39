package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.Refusal;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The contact point's decision on a case, as posted to {@code POST /api/v1/cases/{id}/decision}.
 *
 * @param kind       ACCEPT, REFUSE, POSTPONE, CLARIFY or ANSWER
 * @param platformId ACCEPT: the domestic platform that gets the order
 * @param code       REFUSE: the ground ({@link Refusal.Ground} name)
 * @param reason     REFUSE, POSTPONE: why (sent to the requester)
 * @param until      POSTPONE: until when
 * @param question   CLARIFY: what the requester must clarify
 * @param summary    ANSWER: the contact point's own answer (the final ExecutionReport's remarks)
 * @param items      ANSWER: items the contact point provides with its answer (manifest entries; optional, null = none)
 */
public record Decision(Kind kind, String platformId, String code, String reason, Instant until, String question, String summary,
                       List<EvidenceManifest.Item> items) {

    /** Items one answer may list (the catalogue allows more; a contact point's own answer is small). */
    static final int MAX_ITEMS = 100;

    public Decision {
        items = items == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(items));
    }

    /** A decision other than ANSWER (no summary, no items). */
    public Decision(Kind kind, String platformId, String code, String reason, Instant until, String question) {
        this(kind, platformId, code, reason, until, question, null, null);
    }

    /** ANSWER: the contact point answers the request itself (Art. 35; an Art. 31 / Protocol Art. 10 the authority executes). */
    public static Decision answer(String summary, List<EvidenceManifest.Item> items) {
        return new Decision(Kind.ANSWER, null, null, null, null, null, summary, items);
    }

    /** What the contact point decides. */
    public enum Kind {
        ACCEPT(CaseState.ACCEPTED),
        REFUSE(CaseState.REFUSED),
        POSTPONE(CaseState.POSTPONED),
        CLARIFY(CaseState.CLARIFICATION_REQUESTED),
        /** The contact point answers itself: a final ExecutionReport to the requester, no domestic order. */
        ANSWER(CaseState.COMPLETED);

        private final CaseState target;

        Kind(CaseState target) {
            this.target = target;
        }

        public CaseState target() {
            return target;
        }

        /** The kind named by {@code s}, or null. */
        public static Kind parse(String s) {
            if (s == null) {
                return null;
            }
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    static final int MAX_TEXT = 4000;

    /** The fields this kind needs, each failing one as {@code $.field} with code {@code EEG-CASE-FIELD}. */
    List<Violation> problems(Instant now) {
        List<Violation> out = new ArrayList<>();
        switch (kind) {
            case ACCEPT:
                if (blank(platformId)) {
                    out.add(field("platformId", "required: the id of the domestic platform that gets the order"));
                }
                break;
            case REFUSE:
                if (blank(code)) {
                    out.add(field("code", "required: one of " + java.util.Arrays.toString(Refusal.Ground.values())));
                } else if (ground() == null) {
                    out.add(field("code", "must be one of " + java.util.Arrays.toString(Refusal.Ground.values())));
                }
                text(out, "reason", reason);
                break;
            case POSTPONE:
                text(out, "reason", reason);
                if (until == null) {
                    out.add(field("until", "required: an RFC 3339 timestamp with a zone offset"));
                } else if (!until.isAfter(now)) {
                    out.add(field("until", "must lie in the future"));
                }
                break;
            case CLARIFY:
                text(out, "question", question);
                break;
            case ANSWER:
                text(out, "summary", summary);
                if (items != null && items.size() > MAX_ITEMS) {
                    out.add(field("items", "at most " + MAX_ITEMS + " items"));
                } else if (items != null && items.contains(null)) {
                    out.add(field("items", "an item is null"));
                }
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        return out;
    }

    Refusal.Ground ground() {
        try {
            return code == null ? null : Refusal.Ground.valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void text(List<Violation> out, String name, String value) {
        if (blank(value)) {
            out.add(field(name, "required"));
        } else if (value.length() > MAX_TEXT) {
            out.add(field(name, "at most " + MAX_TEXT + " characters"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Violation field(String name, String message) {
        return new Violation("$." + name, CaseError.CASE_FIELD.code(), message);
    }
}
