package eu.eevidence.gw.gateway.transfer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The serving node's rules on the case and the item (ADR-0017). */
class EvidenceTransferSourceTest {

    private static EvidenceSource.CaseRow accepted() {
        return new EvidenceSource.CaseRow("CASE-1", "COMPLETED", "ACCEPT", "REQ-1");
    }

    private static EvidenceSource.Refused refusal(EvidenceSource.CaseRow k, boolean stored, boolean declared) {
        return catchThrowableOfType(() -> EvidenceSource.check(k, stored, declared), EvidenceSource.Refused.class);
    }

    @Test
    void noCaseOfThatPeerWithThatMessageIdIsNotFound() {
        EvidenceSource.Refused r = refusal(null, true, true);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo(TransferCodes.NOT_FOUND);
    }

    @Test
    void aCaseThatWasNotAcceptedOrHasNoOrderOrWasWithdrawnReleasesNothing() {
        for (EvidenceSource.CaseRow k : new EvidenceSource.CaseRow[] {
                new EvidenceSource.CaseRow("CASE-1", "RECEIVED", null, null),
                new EvidenceSource.CaseRow("CASE-1", "REFUSED", "REFUSE", null),
                new EvidenceSource.CaseRow("CASE-1", "POSTPONED", "POSTPONE", null),
                new EvidenceSource.CaseRow("CASE-1", "ACCEPTED", "ACCEPT", null),
                new EvidenceSource.CaseRow("CASE-1", "WITHDRAWN", "ACCEPT", "REQ-1")}) {
            EvidenceSource.Refused r = refusal(k, true, true);
            assertThat(r.status()).as(k.toString()).isEqualTo(404);
            assertThat(r.code()).isEqualTo(TransferCodes.NOT_FOUND);
        }
    }

    @Test
    void anItemDeclaredButNotStoredIsNotYetAndAnUnknownItemIsNotFound() {
        EvidenceSource.Refused notYet = refusal(accepted(), false, true);
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.code()).isEqualTo(TransferCodes.NOT_YET);
        EvidenceSource.Refused unknown = refusal(accepted(), false, false);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(TransferCodes.NOT_FOUND);
    }

    @Test
    void aStoredItemOfAnAcceptedOrderedCaseIsReleased() throws Exception {
        EvidenceSource.check(accepted(), true, false);
        EvidenceSource.check(new EvidenceSource.CaseRow("CASE-1", "EXECUTING", "ACCEPT", "REQ-1"), true, true);
        assertThatThrownBy(() -> EvidenceSource.check(accepted(), false, false)).isInstanceOf(EvidenceSource.Refused.class);
    }
}
