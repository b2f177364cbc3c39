package eu.eevidence.gw.schema;

/**
 * Every message type the catalogue knows, with its legal basis. The JSON discriminator ({@code "type"})
 * is the enum constant name; it never changes once published (add new constants instead).
 */
public enum MessageType {
    /** Council of Europe Convention on Cybercrime (ETS 185), Art. 29: expedited preservation of stored computer data. */
    BUDAPEST_ART29_PRESERVATION("ETS 185 Art. 29", RequestFamily.PRESERVATION);

    private final String legalBasis;
    private final RequestFamily family;

    MessageType(String legalBasis, RequestFamily family) {
        this.legalBasis = legalBasis;
        this.family = family;
    }

    public String legalBasis() {
        return legalBasis;
    }

    public RequestFamily family() {
        return family;
    }
}
