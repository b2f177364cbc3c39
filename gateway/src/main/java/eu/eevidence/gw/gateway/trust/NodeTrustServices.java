package eu.eevidence.gw.gateway.trust;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OcspClient;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TimeStamper;
import eu.eevidence.gw.pki.ca.CertificateAuthority;
import eu.eevidence.gw.pki.ca.DevTsa;

/**
 * What a node serves as trust services, resolved from {@link TrustServicesConfig} and the development PKI at start-up:
 * the OCSP responder of one CA, the development TSA (also the {@link TimeStamper} of the node's own seals: CAdES-T
 * in process, no HTTP round trip to itself), and the JAX-RS resources for both.
 */
public final class NodeTrustServices {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTrustServices.class);
    /** Name of the development TSA key in the development PKI directory ({@code tsa.p12}). */
    public static final String DEV_TSA = "tsa";
    private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

    private final CertificateAuthority ca;
    private final UnaryOperator<byte[]> ocsp;
    private final DevTsa tsa;
    private final KeyMaterial tsaKey;

    private NodeTrustServices(CertificateAuthority ca, UnaryOperator<byte[]> ocsp, DevTsa tsa, KeyMaterial tsaKey) {
        this.ca = ca;
        this.ocsp = ocsp;
        this.tsa = tsa;
        this.tsaKey = tsaKey;
    }

    /**
     * @param config {@code null} for the defaults (see {@link TrustServicesConfig})
     * @param devPki the development PKI, or {@code null} when the node runs with configured key material
     * @throws PkiException when the CA directory or the TSA key is unusable
     * @throws IllegalArgumentException {@code EEG-TRUST-TSA-CERT} when the TSA certificate lacks the critical
     *                                  id-kp-timeStamping purpose
     */
    public static NodeTrustServices create(TrustServicesConfig config, DevPki devPki, Clock clock) throws PkiException {
        CertificateAuthority ca = null;
        KeyMaterial tsaKey = null;
        Duration validity = Duration.ofHours(1);
        if (config == null && devPki != null) {
            ca = devPki.certificateAuthority();
            tsaKey = devPki.loadOrIssue(DEV_TSA, IssueRequest.timeStamping("evidence-gateway development TSA", Role.NODE,
                    KeyKind.EC_P256, Duration.ofDays(825)));
        } else if (config != null) {
            validity = config.ocspValidity();
            if (config.ocspCaDirectory() != null) {
                ca = CertificateAuthority.open(config.ocspCaDirectory(), config.ocspCaPassword(), clock);
            }
            tsaKey = config.tsaKey();
        }
        if (tsaKey != null) {
            checkTimeStampingCertificate(tsaKey.certificate());
        }
        UnaryOperator<byte[]> ocsp = ca == null ? null : ca.ocspResponder(validity)::respond;
        DevTsa tsa = tsaKey == null ? null : new DevTsa(tsaKey, clock);
        NodeTrustServices s = new NodeTrustServices(ca, ocsp, tsa, tsaKey);
        LOG.info(TrustError.TRUST_SERVICES.code() + " ocsp {} tsa {}", ca == null ? "off" : ca.certificate().getSubjectX500Principal().getName(),
                tsaKey == null ? "off" : tsaKey.certificate().getSubjectX500Principal().getName());
        return s;
    }

    static void checkTimeStampingCertificate(X509Certificate cert) {
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (Exception e) {
            eku = null;
        }
        if (eku == null || !eku.equals(List.of(TIME_STAMPING)) || cert.getCriticalExtensionOIDs() == null
                || !cert.getCriticalExtensionOIDs().contains("2.5.29.37")) {
            throw new IllegalArgumentException(TrustError.TRUST_TSA_CERT.code() + " the TSA certificate " + cert.getSubjectX500Principal()
                    + " must carry id-kp-timeStamping as its only extended key usage, marked critical (RFC 3161 2.3)");
        }
    }

    /** The JAX-RS resources ({@code /ocsp}, {@code /tsa}) for the services that are on; may be empty. */
    public List<Object> resources() {
        return TrustServices.resources(ocsp, tsa == null ? null : tsa::respond);
    }

    /** The CA the node answers OCSP for, or {@code null}. */
    public CertificateAuthority ocspAuthority() {
        return ca;
    }

    /** The node's own OCSP responder as an in-process {@link OcspClient}, or {@code null} when OCSP is off. */
    public OcspClient inProcessOcsp() {
        return ocsp == null ? null : (request, cert, issuer) -> ocsp.apply(request);
    }

    /** The time-stamper for the CAdES-T of the node's seals, or {@code null} when no TSA is configured. */
    public TimeStamper timeStamper() {
        return tsa;
    }

    /** The TSA key (certificate chain for clients that verify time-stamps), or {@code null}. */
    public KeyMaterial tsaKey() {
        return tsaKey;
    }
}
