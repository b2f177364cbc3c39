package eu.eevidence.gw.gateway.victim;

/**
 * The offence category a request may carry (ADR-0037, docs/design/tfvawg.md "Victims' data and statistics"): the forms of
 * technology-facilitated violence against women and girls that CM/Rec(2026)2 and its sources name, for statistics
 * disaggregated by offence (CM/Rec(2026)2 paras. 21 and 38.6). The constant names never change (they are stored and
 * published in statistics); add constants instead.
 */
public enum OffenceCategory {
    /** Non-consensual dissemination of intimate images: UN Convention against Cybercrime (A/RES/79/243) Art. 16; Directive (EU) 2024/1385 Art. 5(1)(a). */
    NCII("UN Convention against Cybercrime Art. 16; Directive (EU) 2024/1385 Art. 5(1)(a)"),
    /** Cyber stalking: Istanbul Convention (CETS 210) Art. 34; Directive (EU) 2024/1385 Art. 6. */
    CYBERSTALKING("Istanbul Convention Art. 34; Directive (EU) 2024/1385 Art. 6"),
    /** Threatening to share intimate or manipulated material to coerce: Directive (EU) 2024/1385 Art. 5(1)(c); GREVIO General Recommendation No. 1 (2021). */
    SEXTORTION("Directive (EU) 2024/1385 Art. 5(1)(c); GREVIO General Recommendation No. 1"),
    /** Publishing personal data to incite harm ("doxing"): Directive (EU) 2024/1385 Art. 7(d); GREVIO GR No. 1. */
    DOXXING("Directive (EU) 2024/1385 Art. 7(d); GREVIO General Recommendation No. 1"),
    /** Producing or manipulating material that makes it appear a person engages in sexual activities: Directive (EU) 2024/1385 Art. 5(1)(b). */
    DEEPFAKE_INTIMATE_IMAGERY("Directive (EU) 2024/1385 Art. 5(1)(b)"),
    /** Child sexual abuse material: UN Convention against Cybercrime Art. 14; Directive 2011/93/EU Art. 5; Lanzarote Convention Art. 20. */
    CSAM("UN Convention against Cybercrime Art. 14; Directive 2011/93/EU Art. 5"),
    /** Threats, cyber harassment and incitement: Directive (EU) 2024/1385 Arts. 7 and 8. */
    THREATS("Directive (EU) 2024/1385 Arts. 7, 8"),
    /** Any other offence (including one outside TFVAWG). */
    OTHER("-");

    private final String source;

    OffenceCategory(String source) {
        this.source = source;
    }

    /** The legal text the category is taken from. */
    public String source() {
        return source;
    }
}
