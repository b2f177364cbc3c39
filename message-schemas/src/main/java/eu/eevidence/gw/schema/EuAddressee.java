package eu.eevidence.gw.schema;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Addressee of an EU order (Annex I/II section B of Reg. (EU) 2023/1543; Art. 7).
 *
 * @param kind      designated establishment, legal representative, or (emergency, Art. 7(2)/(3)) another establishment
 * @param provider  the entity addressed
 */
public record EuAddressee(@NotNull AddresseeKind kind, @NotNull @Valid ServiceProvider provider) {

    public enum AddresseeKind {
        DESIGNATED_ESTABLISHMENT,
        LEGAL_REPRESENTATIVE,
        /** Art. 7(3): any other establishment of the provider in the Union, e.g. in an emergency. */
        OTHER_ESTABLISHMENT
    }
}
