package eu.eevidence.gw.gateway.access;

import eu.eevidence.gw.pki.ClientRevocationChecker;
import eu.eevidence.gw.pki.HttpOcspClient;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OcspClient;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.pki.ca.CertificateAuthority;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the node's {@link ClientRevocationChecker} from {@link ClientAccessSettings} (ADR-0021). */
public final class ClientRevocation {

    private ClientRevocation() {
    }

    /**
     * OCSP: the configured responder for every certificate; otherwise the node's own responder, in process, for
     * certificates of the CA it answers for (the development PKI), and the certificate's AIA responder for the others.
     * CRLs: the configured files, consulted first.
     *
     * @param ownCa       the CA the node answers OCSP for, or null
     * @param inProcess   that CA's responder as an {@link OcspClient}, or null
     */
    public static ClientRevocationChecker checker(ClientAccessSettings settings, TrustAnchors trust, KeyMaterial nodeKey,
            CertificateAuthority ownCa, OcspClient inProcess, Clock clock) throws PkiException {
        List<X509Certificate> issuers = new ArrayList<>(trust.anchors());
        if (ownCa != null) {
            issuers.addAll(ownCa.chain());
        }
        OcspClient ocsp;
        if (settings.ocspResponder() != null) {
            ocsp = new HttpOcspClient(settings.ocspResponder(), settings.ocspTimeout(), Tls.sslContext(nodeKey, trust));
        } else {
            OcspClient aia = new HttpOcspClient(null, settings.ocspTimeout(), Tls.sslContext(nodeKey, trust));
            X509Certificate own = ownCa == null || inProcess == null ? null : ownCa.certificate();
            ocsp = (request, cert, issuer) -> own != null && own.equals(issuer) ? inProcess.query(request, cert, issuer)
                    : aia.query(request, cert, issuer);
        }
        return new ClientRevocationChecker(clock, issuers, ocsp, settings.crlFiles(),
                new ClientRevocationChecker.Settings(settings.revocationFailClosed(), settings.revocationCacheTtl(),
                        settings.revocationRetry(), 10_000));
    }
}
