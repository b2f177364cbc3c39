package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.AuthorityKind;
import eu.eevidence.gw.schema.ContentPreservationOrder;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RequestFamily;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Stand-alone securing orders (CM/Rec(2026)2 para. 33): the period bound, legal basis, identifiers; negative cases first. */
class SecuringOrderValidationTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();

    private static Envelope sample() {
        return ((Decoded.Valid) CATALOGUE.decodeJson(Corpus.read(Corpus.dir(MessageType.CONTENT_PRESERVATION_ORDER).resolve("valid.json"))))
                .envelope();
    }

    private static Envelope with(String legalBasis, Integer days) {
        Envelope e = sample();
        ContentPreservationOrder o = (ContentPreservationOrder) e.body();
        return new Envelope(e.messageId(), e.correlationId(), e.version(), e.sender(), e.receiver(), e.createdAt(),
                new ContentPreservationOrder(o.issuingAuthority(), o.issuedAt(), o.serviceProvider(), legalBasis, o.reason(),
                        o.identifiers(), days));
    }

    @Test
    void aPeriodOutsideOneToThreeHundredSixtyFiveDaysIsRefused() {
        for (Integer days : new Integer[] {null, 0, -1, ContentPreservationOrder.MAX_DAYS + 1, Integer.MAX_VALUE}) {
            assertThat(CATALOGUE.validate(with("Code de procedure civile, art. 145", days))).as(String.valueOf(days))
                    .extracting(Violation::path, Violation::code)
                    .containsExactly(tuple("$.body.preservationDays", "EEG-VAL-SECURING-PERIOD"));
        }
    }

    @Test
    void anOrderWithoutLegalBasisIsRefused() {
        for (String basis : new String[] {null, "", "   "}) {
            assertThat(CATALOGUE.validate(with(basis, 90))).extracting(Violation::path, Violation::code)
                    .containsExactly(tuple("$.body.legalBasis", "EEG-VAL-REQUIRED"));
        }
    }

    @Test
    void theBoundsAreInclusiveAndTheOrderIsAPreservationOfACivilCourt() {
        assertThat(CATALOGUE.validate(with("Code de procedure civile, art. 145", 1))).isEmpty();
        assertThat(CATALOGUE.validate(with("Code de procedure civile, art. 145", ContentPreservationOrder.MAX_DAYS))).isEmpty();
        ContentPreservationOrder o = (ContentPreservationOrder) sample().body();
        assertThat(o).isInstanceOf(EvidenceRequest.Preservation.class);
        assertThat(MessageType.CONTENT_PRESERVATION_ORDER.family()).isEqualTo(RequestFamily.PRESERVATION);
        assertThat(o.issuingAuthority().kind()).isEqualTo(AuthorityKind.CIVIL_COURT);
        assertThat(o.platformId()).isEqualTo("demo-platform");
        assertThat(List.copyOf(o.identifiers())).hasSize(2);
    }
}
