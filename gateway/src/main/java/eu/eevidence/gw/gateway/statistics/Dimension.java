package eu.eevidence.gw.gateway.statistics;

import eu.eevidence.gw.gateway.victim.OffenceCategory;
import eu.eevidence.gw.gateway.victim.VictimAttributes;

import java.util.ArrayList;
import java.util.List;

/** A dimension of the published statistics (ADR-0037), by its query/CSV name. */
public enum Dimension {
    INSTRUMENT("instrument", List.of("ETS_185", "CETS_224", "EU_2023_1543", "UN_CYBERCRIME", "CM_REC_2026_2")),
    PLATFORM("platform", List.of()),
    OFFENCE_CATEGORY("offenceCategory", withNotRecorded(names(OffenceCategory.values()))),
    OUTCOME("outcome", List.of("COMPLIED", "COMPLETED_LATE", "REFUSED", "ENDED_OTHERWISE", "OPEN")),
    SEX("sex", withNotStated(names(VictimAttributes.Sex.values()))),
    AGE_BAND("ageBand", withNotStated(names(VictimAttributes.AgeBand.values()))),
    MINOR("minor", List.of("YES", "NO", Dimension.NOT_STATED)),
    RELATIONSHIP("relationship", withNotStated(names(VictimAttributes.Relationship.values()))),
    DISABILITY("disability", withNotStated(names(VictimAttributes.Disability.values())));

    /** The value of a margin: all values of the dimension together. */
    public static final String TOTAL = "TOTAL";
    /** A request without victim data (none given, or purged before the period's release). */
    public static final String NOT_RECORDED = "NOT_RECORDED";
    /** An attribute not given. */
    public static final String NOT_STATED = "NOT_STATED";

    private final String param;
    private final List<String> domain;

    Dimension(String param, List<String> domain) {
        this.param = param;
        this.domain = domain;
    }

    public String param() {
        return param;
    }

    /** The fixed values (empty for PLATFORM, whose values are the platforms of the period). */
    public List<String> domain() {
        return domain;
    }

    public static Dimension byParam(String p) {
        for (Dimension d : values()) {
            if (d.param.equals(p)) {
                return d;
            }
        }
        return null;
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> e : values) {
            out.add(e.name());
        }
        return out;
    }

    private static List<String> withNotStated(List<String> l) {
        List<String> out = new ArrayList<>(l);
        out.add(NOT_STATED);
        return List.copyOf(out);
    }

    private static List<String> withNotRecorded(List<String> l) {
        List<String> out = new ArrayList<>(l);
        out.add(NOT_RECORDED);
        return List.copyOf(out);
    }

    /** The instrument of a message type (by the prefix of its catalogue name). */
    public static String instrumentOf(String messageType) {
        if (messageType.startsWith("BUDAPEST_")) {
            return "ETS_185";
        }
        if (messageType.startsWith("PROTOCOL_")) {
            return "CETS_224";
        }
        if (messageType.startsWith("EU_")) {
            return "EU_2023_1543";
        }
        if (messageType.startsWith("UN")) {
            return "UN_CYBERCRIME";
        }
        return "CM_REC_2026_2";
    }
}
