package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.eevidence.gw.pki.ClientRevocationChecker.Result;
import eu.eevidence.gw.pki.ClientRevocationChecker.Settings;
import eu.eevidence.gw.pki.ClientRevocationChecker.Status;
import eu.eevidence.gw.pki.ca.CertificateAuthority;

/** Client certificate revocation by OCSP and CRL, cached, fail-open or fail-closed; time from a test clock (no sleeping). */
class ClientRevocationCheckerTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @TempDir
    static Path dir;
    static final TestClock CLOCK = new TestClock();
    static CertificateAuthority ca;
    final AtomicInteger queries = new AtomicInteger();
    /** The CA's own responder, answers valid 10 minutes, counting queries. */
    OcspClient responder;
    OcspClient unreachable;

    @BeforeAll
    static void ca() throws Exception {
        ca = CertificateAuthority.initRoot(dir.resolve("root"), "EEG Client Test Root", KeyKind.EC_P256, Duration.ofDays(3650),
                "pw-test".toCharArray(), null, null, CLOCK);
    }

    @BeforeEach
    void clients() {
        responder = (request, cert, issuer) -> {
            queries.incrementAndGet();
            return ca.ocspResponder(Duration.ofMinutes(10)).respond(request);
        };
        unreachable = (request, cert, issuer) -> {
            queries.incrementAndGet();
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "cannot reach http://127.0.0.1:9/ocsp: ConnectException");
        };
    }

    static KeyMaterial client(String cn) throws Exception {
        return ca.issue(new IssueRequest(cn, Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, true));
    }

    ClientRevocationChecker checker(OcspClient ocsp, boolean failClosed) {
        return new ClientRevocationChecker(CLOCK, List.of(ca.certificate()), ocsp, List.of(),
                new Settings(failClosed, Duration.ofHours(1), Duration.ofSeconds(30), 100));
    }

    @Test
    void aRevokedCertificateIsRefusedByOcsp() throws Exception {
        KeyMaterial cp = client("revoked by ocsp");
        ca.revoke(cp.certificate().getSerialNumber(), 1);
        Result r = checker(responder, false).check(cp.certificate(), cp.chain());
        assertThat(r.status()).isEqualTo(Status.REVOKED);
        assertThat(r.allowed()).isFalse();
        assertThat(r.detail()).startsWith("OCSP");
    }

    @Test
    void anUnreachableResponderIsUnknownRefusedWhenFailClosedAllowedWhenFailOpen() throws Exception {
        KeyMaterial cp = client("unknown");
        Result closed = checker(unreachable, true).check(cp.certificate(), cp.chain());
        assertThat(closed.status()).isEqualTo(Status.UNKNOWN);
        assertThat(closed.allowed()).isFalse();
        Result open = checker(unreachable, false).check(cp.certificate(), cp.chain());
        assertThat(open.status()).isEqualTo(Status.UNKNOWN);
        assertThat(open.allowed()).isTrue();
        assertThat(open.noSource()).isFalse(); // an outage, not a configuration matter
    }

    @Test
    void aCertificateOfAnUnknownIssuerIsUnknown() throws Exception {
        DevPki other = DevPki.loadOrCreate(dir.resolve("other"), CLOCK);
        KeyMaterial stranger = other.issue(new IssueRequest("stranger", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), false, true));
        Result r = checker(responder, true).check(stranger.certificate(), List.of(stranger.certificate()));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.allowed()).isFalse();
        assertThat(queries).hasValue(0);
    }

    @Test
    void aGoodAnswerIsCachedUntilItsNextUpdateThenAskedAgain() throws Exception {
        KeyMaterial cp = client("good then revoked");
        ClientRevocationChecker checker = checker(responder, true);
        Result first = checker.check(cp.certificate(), cp.chain());
        assertThat(first.status()).isEqualTo(Status.GOOD);
        assertThat(first.allowed()).isTrue();
        assertThat(first.fresh()).isTrue();
        ca.revoke(cp.certificate().getSerialNumber(), 4);
        CLOCK.advance(Duration.ofMinutes(9));
        Result cached = checker.check(cp.certificate(), cp.chain());
        assertThat(cached.status()).isEqualTo(Status.GOOD);
        assertThat(cached.fresh()).isFalse();
        assertThat(queries).hasValue(1);
        CLOCK.advance(Duration.ofMinutes(2)); // past the answer's nextUpdate (10 minutes)
        Result again = checker.check(cp.certificate(), cp.chain());
        assertThat(again.status()).isEqualTo(Status.REVOKED);
        assertThat(again.allowed()).isFalse();
        assertThat(again.fresh()).isTrue();
        assertThat(queries).hasValue(2);
    }

    @Test
    void theCacheTtlBoundsALongNextUpdate() throws Exception {
        KeyMaterial cp = client("long validity");
        OcspClient daylong = (request, cert, issuer) -> {
            queries.incrementAndGet();
            return ca.ocspResponder(Duration.ofDays(1)).respond(request);
        };
        ClientRevocationChecker checker = new ClientRevocationChecker(CLOCK, List.of(ca.certificate()), daylong, List.of(),
                new Settings(true, Duration.ofMinutes(5), Duration.ofSeconds(30), 100));
        checker.check(cp.certificate(), cp.chain());
        CLOCK.advance(Duration.ofMinutes(4));
        checker.check(cp.certificate(), cp.chain());
        assertThat(queries).hasValue(1);
        CLOCK.advance(Duration.ofMinutes(2));
        checker.check(cp.certificate(), cp.chain());
        assertThat(queries).hasValue(2);
    }

    @Test
    void anUnknownIsRetriedOnlyAfterTheRetryInterval() throws Exception {
        KeyMaterial cp = client("retry");
        ClientRevocationChecker checker = checker(unreachable, true);
        checker.check(cp.certificate(), cp.chain());
        CLOCK.advance(Duration.ofSeconds(29));
        Result cached = checker.check(cp.certificate(), cp.chain());
        assertThat(cached.fresh()).isFalse();
        assertThat(cached.allowed()).isFalse();
        assertThat(queries).hasValue(1);
        CLOCK.advance(Duration.ofSeconds(2));
        checker.check(cp.certificate(), cp.chain());
        assertThat(queries).hasValue(2);
    }

    @Test
    void aCurrentCrlAnswersBeforeOcspAndIsReReadWhenItChanges() throws Exception {
        KeyMaterial revoked = client("revoked by crl");
        KeyMaterial good = client("good by crl");
        ca.revoke(revoked.certificate().getSerialNumber(), 1);
        ca.publishCrl(Duration.ofHours(1));
        Path crl = ca.directory().resolve("crl.pem");
        ClientRevocationChecker checker = new ClientRevocationChecker(CLOCK, List.of(ca.certificate()), unreachable, List.of(crl),
                new Settings(true, Duration.ofHours(1), Duration.ofSeconds(30), 100));
        assertThat(checker.check(revoked.certificate(), revoked.chain()).status()).isEqualTo(Status.REVOKED);
        Result r = checker.check(good.certificate(), good.chain());
        assertThat(r.status()).isEqualTo(Status.GOOD);
        assertThat(r.detail()).isEqualTo("CRL");
        assertThat(queries).hasValue(0);
    }

    @Test
    void noSourceIsUnknown() throws Exception {
        KeyMaterial cp = client("no source");
        ClientRevocationChecker checker = new ClientRevocationChecker(CLOCK, List.of(ca.certificate()), null, List.of(),
                Settings.defaults());
        Result r = checker.check(cp.certificate(), cp.chain());
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.allowed()).isTrue(); // the defaults are fail-open (development)
        assertThat(r.noSource()).isTrue();
    }

    @Test
    void aCertificateWithoutAiaAndWithoutAFixedResponderHasNoSource() throws Exception {
        KeyMaterial cp = client("no aia");
        ClientRevocationChecker checker = new ClientRevocationChecker(CLOCK, List.of(ca.certificate()),
                new HttpOcspClient(null, Duration.ofSeconds(1)), List.of(), Settings.defaults());
        Result r = checker.check(cp.certificate(), cp.chain());
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.noSource()).isTrue();
        assertThat(r.allowed()).isTrue();
    }

    @Test
    void theCacheIsBounded() throws Exception {
        ClientRevocationChecker checker = new ClientRevocationChecker(CLOCK, List.of(ca.certificate()), responder, List.of(),
                new Settings(true, Duration.ofHours(1), Duration.ofSeconds(30), 3));
        for (int i = 0; i < 5; i++) {
            KeyMaterial cp = client("bounded " + i);
            checker.check(cp.certificate(), cp.chain());
        }
        assertThat(checker.cached()).isEqualTo(3);
    }
}
