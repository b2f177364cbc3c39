package eu.eevidence.gw.gateway.statistics;

import java.util.List;

/**
 * The fixed tables of a release (ADR-0037): only these dimension sets are ever published, each with all its margins,
 * and all of them together are protected as one system (no ad-hoc cross-tabulation that could be differenced).
 */
public enum StatisticsTable {
    INSTRUMENT_OUTCOME("instrument-outcome", Dimension.INSTRUMENT, Dimension.OUTCOME),
    PLATFORM_OUTCOME("platform-outcome", Dimension.PLATFORM, Dimension.OUTCOME),
    OFFENCE_OUTCOME("offence-outcome", Dimension.OFFENCE_CATEGORY, Dimension.OUTCOME),
    INSTRUMENT_OFFENCE("instrument-offence", Dimension.INSTRUMENT, Dimension.OFFENCE_CATEGORY),
    OFFENCE_SEX("offence-sex", Dimension.OFFENCE_CATEGORY, Dimension.SEX),
    OFFENCE_AGE("offence-age", Dimension.OFFENCE_CATEGORY, Dimension.AGE_BAND),
    OFFENCE_MINOR("offence-minor", Dimension.OFFENCE_CATEGORY, Dimension.MINOR),
    OFFENCE_RELATIONSHIP("offence-relationship", Dimension.OFFENCE_CATEGORY, Dimension.RELATIONSHIP),
    OFFENCE_DISABILITY("offence-disability", Dimension.OFFENCE_CATEGORY, Dimension.DISABILITY);

    private final String id;
    private final List<Dimension> dimensions;

    StatisticsTable(String id, Dimension... dimensions) {
        this.id = id;
        this.dimensions = List.of(dimensions);
    }

    public String id() {
        return id;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public static StatisticsTable byId(String id) {
        for (StatisticsTable t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return null;
    }
}
