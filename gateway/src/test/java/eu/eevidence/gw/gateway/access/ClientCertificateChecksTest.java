package eu.eevidence.gw.gateway.access;

import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.ClientRevocationChecker;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OcspClient;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** EKU, deny list and revocation of a client certificate, each refusal with its code. */
class ClientCertificateChecksTest {

    @TempDir
    static Path dir;
    static DevPki pki;
    static final OcspClient UNREACHABLE = (request, cert, issuer) -> {
        throw new PkiException(PkiError.REVOCATION_UNKNOWN, "cannot reach http://127.0.0.1:9/ocsp");
    };

    @BeforeAll
    static void pki() throws Exception {
        pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
    }

    static KeyMaterial issue(String cn, boolean server, boolean client) throws Exception {
        return pki.issue(new IssueRequest(cn, Role.CONTACT_POINT, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(1), server, client));
    }

    ClientCertificateChecks checks(OcspClient ocsp, boolean failClosed) throws Exception {
        OcspClient devCa = ocsp != null ? ocsp : (request, cert, issuer) -> pki.certificateAuthority().ocspResponder(Duration.ofMinutes(10)).respond(request);
        return new ClientCertificateChecks(f -> false, new ClientRevocationChecker(Clock.systemUTC(), List.of(pki.rootCertificate()), devCa, List.of(),
                ClientRevocationChecker.Settings.defaults().withFailClosed(failClosed)), Clock.systemUTC());
    }

    static String code(Optional<ClientCertificateChecks.Refusal> r) {
        return r.map(ClientCertificateChecks.Refusal::code).orElse("none");
    }

    @Test
    void aServerOnlyCertificateIsRefusedForClientAuthentication() throws Exception {
        KeyMaterial server = issue("server only", true, false);
        Optional<ClientCertificateChecks.Refusal> r = checks(null, false).check(server.certificate(), server.chain());
        assertThat(code(r)).isEqualTo("EEG-AUTH-EKU");
        assertThat(r.orElseThrow().status()).isEqualTo(403);
    }

    @Test
    void theLocalDenyListStillRefuses() throws Exception {
        KeyMaterial cp = issue("denied", false, true);
        String fp = Certificates.sha256Fingerprint(cp.certificate());
        ClientCertificateChecks checks = ClientCertificateChecks.denyListOnly(fp::equals);
        assertThat(code(checks.check(cp.certificate(), cp.chain()))).isEqualTo("EEG-AUTH-REVOKED");
        KeyMaterial other = issue("not denied", false, true);
        assertThat(checks.check(other.certificate(), other.chain())).isEmpty();
    }

    @Test
    void aCertificateRevokedByItsCaIsRefused() throws Exception {
        KeyMaterial cp = issue("revoked", false, true);
        pki.certificateAuthority().revoke(cp.certificate().getSerialNumber(), 1);
        assertThat(code(checks(null, false).check(cp.certificate(), cp.chain()))).isEqualTo("EEG-AUTH-REVOKED");
    }

    @Test
    void anUnknownStatusIsRefusedFailClosedAndAllowedFailOpen() throws Exception {
        KeyMaterial cp = issue("unknown", false, true);
        assertThat(code(checks(UNREACHABLE, true).check(cp.certificate(), cp.chain()))).isEqualTo("EEG-AUTH-REVOCATION-UNKNOWN");
        assertThat(checks(UNREACHABLE, false).check(cp.certificate(), cp.chain())).isEmpty();
    }

    @Test
    void aGoodCertificatePasses() throws Exception {
        KeyMaterial cp = issue("good", true, true);
        assertThat(checks(null, true).check(cp.certificate(), cp.chain())).isEmpty();
    }
}
