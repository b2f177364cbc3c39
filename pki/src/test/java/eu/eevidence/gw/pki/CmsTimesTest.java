package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.SplittableRandom;

import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.cms.Time;
import org.junit.jupiter.api.Test;

/** The fast signing-time path gives exactly Bouncy Castle's encoding and reading, and leaves other forms to it. */
class CmsTimesTest {

    @Test
    void formsOtherThanDerUtcTimeAreReadByBouncyCastle() {
        Time generalized = Time.getInstance(new DERGeneralizedTime("20261208012345Z"));
        Time withOffset = Time.getInstance(new ASN1UTCTime("2612080123+0100"));

        assertThat(CmsTimes.instant(generalized)).isEqualTo(generalized.getDate().toInstant());
        assertThat(CmsTimes.instant(withOffset)).isEqualTo(withOffset.getDate().toInstant());
    }

    @Test
    void outsideTheUtcTimeYearsTheTimeIsGeneralized() throws Exception {
        Instant y2050 = Instant.parse("2050-01-01T00:00:00Z");

        assertThat(CmsTimes.time(y2050).getEncoded()).isEqualTo(new Time(Date.from(y2050)).getEncoded());
        assertThat(CmsTimes.instant(CmsTimes.time(y2050))).isEqualTo(y2050);
    }

    @Test
    void encodingAndReadingMatchBouncyCastleOverTheUtcTimeYears() throws Exception {
        SplittableRandom r = new SplittableRandom(18);
        long from = Instant.parse("1950-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2049-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 2000; i++) {
            Instant at = Instant.ofEpochSecond(r.nextLong(from, to + 1), r.nextInt(1_000_000_000));
            Time ours = CmsTimes.time(at);
            Time bc = new Time(Date.from(at));

            assertThat(ours.getEncoded()).isEqualTo(bc.getEncoded());
            assertThat(CmsTimes.instant(bc)).isEqualTo(bc.getDate().toInstant());
        }
    }
}
