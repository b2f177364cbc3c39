package eu.eevidence.gw.gateway.console.requests;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** An archived request's evidence links carry the reason of the read (ADR-0039); other requests' links carry nothing. */
class ArchivedReadQueryTest {

    static RequestPages.RequestModel model(String reason) {
        return new RequestPages.RequestModel(null, List.of(), List.of(), List.of(), List.of(), null, List.of(),
                new RequestPages.Marks(null, Set.of(), List.of(), reason));
    }

    @Test
    void aRequestThatIsNotArchivedHasNoQuery() {
        assertThat(model(null).readQuery()).isEmpty();
    }

    @Test
    void anArchivedRequestsLinksCarryTheReasonEncoded() {
        assertThat(model("appeal 3/2026 & review").readQuery()).isEqualTo("?reason=appeal+3%2F2026+%26+review");
    }
}
