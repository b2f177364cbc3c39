package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.schema.MessageType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The legal instruments a Party can be bound by, as listed per node in the network directory. A message type needs
 * the instruments its legal basis names ({@link MessageType#legalBasis()}): a node is offered a type only when its
 * Party is bound by at least one of them.
 */
public enum Instrument {
    /** Convention on Cybercrime, ETS No. 185 (Budapest, 2001). */
    BUDAPEST("ETS 185"),
    /** Second Additional Protocol on enhanced co-operation and disclosure of electronic evidence, CETS No. 224 (2022). */
    BUDAPEST_PROTOCOL_2("CETS 224"),
    /** Regulation (EU) 2023/1543 on European Production and Preservation Orders. */
    EU_2023_1543("Reg. (EU) 2023/1543"),
    /**
     * United Nations Convention against Cybercrime (General Assembly resolution 79/243 of 24 December 2024, annex), cited
     * "UNCC" in the catalogue's legal bases. A Party may be bound by it and not by ETS 185 (ADR-0036).
     */
    UN_CYBERCRIME("UNCC");

    private final String citation;

    Instrument(String citation) {
        this.citation = citation;
    }

    /** How the catalogue's legal bases cite this instrument. */
    public String citation() {
        return citation;
    }

    /**
     * The instruments a Party must be bound by (any one of them) to be sent {@code type}: those cited in the type's
     * legal basis. Empty when the basis cites none of them (acknowledgement and withdrawal, which belong to every
     * instrument; the content-removal order, based on a recommendation): no instrument is then required.
     */
    public static Set<Instrument> requiredFor(MessageType type) {
        EnumSet<Instrument> out = EnumSet.noneOf(Instrument.class);
        String basis = type.legalBasis();
        if (basis.startsWith("as ")) { // "as CLARIFICATION_REQUEST"
            return requiredFor(MessageType.valueOf(basis.substring(3).strip()));
        }
        for (Instrument i : values()) {
            if (basis.contains(i.citation)) {
                out.add(i);
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
