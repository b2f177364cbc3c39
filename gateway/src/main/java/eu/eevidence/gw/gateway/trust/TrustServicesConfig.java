package eu.eevidence.gw.gateway.trust;

import java.nio.file.Path;
import java.time.Duration;

import eu.eevidence.gw.pki.KeyMaterial;

/**
 * The node's public trust services ({@code /ocsp}, {@code /tsa}) and the CAdES-T time-stamp on its own seals, for a node
 * that runs with configured key material. {@code NodeConfig.trustServices() == null} means: with the development PKI,
 * both services on (the development root answers OCSP, a development TSA certificate is issued under it); with
 * configured key material, both off. {@link #OFF} turns both off in either case.
 *
 * @param ocspCaDirectory a certification authority directory made by {@code pki ca init} / {@code pki ca intermediate}
 *                        (its {@code ca.p12} and {@code index.tsv}); the node answers OCSP for the certificates of
 *                        that CA, signing with the CA key (responder id by name). {@code null}: no {@code /ocsp}
 * @param ocspCaPassword  the password of that directory's {@code ca.p12}
 * @param ocspValidity    nextUpdate - thisUpdate of the answers; {@code null} = 1 hour
 * @param tsaKey          the TSA key with its chain; the certificate must carry id-kp-timeStamping as its only, critical,
 *                        extended key usage (RFC 3161 2.3). {@code null}: no {@code /tsa} and seals without time-stamp
 */
public record TrustServicesConfig(Path ocspCaDirectory, char[] ocspCaPassword, Duration ocspValidity, KeyMaterial tsaKey) {

    /** Neither OCSP nor TSA, not even with the development PKI. */
    public static final TrustServicesConfig OFF = new TrustServicesConfig(null, null, null, null);

    public TrustServicesConfig {
        ocspValidity = ocspValidity == null ? Duration.ofHours(1) : ocspValidity;
        if (ocspValidity.isNegative() || ocspValidity.isZero()) {
            throw new IllegalArgumentException(TrustError.TRUST_CONFIG.code() + " the OCSP validity must be positive");
        }
        if (ocspCaDirectory != null && ocspCaPassword == null) {
            throw new IllegalArgumentException(TrustError.TRUST_CONFIG.code() + " the OCSP CA directory needs the password of its ca.p12");
        }
    }
}
