package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.trust.TrustServicesConfig;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The keys {@code serve} runs with, each a file plus its password file (or environment variable, see {@link Secrets};
 * never a password on the command line): the node's key and the network's trust anchors, the CA it answers OCSP for,
 * the TSA key. Without {@code --node-key} the node uses its development PKI.
 */
final class ServeKeyOptions {

    @Option(names = "--node-key", description = "PKCS#12 file with the node's key and certificate chain (default: development PKI).")
    Path nodeKey;

    @Option(names = "--node-key-password-file", description = "File holding the PKCS#12 password (or env EEG_NODE_KEY_PASSWORD).")
    Path nodeKeyPasswordFile;

    @Option(names = "--trust", description = "PEM file with the network's trust anchors (required with --node-key).")
    Path trustFile;

    @Option(names = "--ocsp-ca", description = "CA directory (pki ca init/intermediate) to answer OCSP for at /ocsp (with --node-key; "
            + "the development PKI always serves its own).")
    Path ocspCa;

    @Option(names = "--ocsp-ca-password-file", description = "File holding the password of the --ocsp-ca ca.p12 (or env EEG_OCSP_CA_PASSWORD).")
    Path ocspCaPasswordFile;

    @Option(names = "--tsa-key", description = "PKCS#12 of the TSA (critical EKU id-kp-timeStamping only): serves /tsa and time-stamps the node's seals (CAdES-T).")
    Path tsaKey;

    @Option(names = "--tsa-key-password-file", description = "File holding the --tsa-key password (or env EEG_TSA_KEY_PASSWORD).")
    Path tsaKeyPasswordFile;

    /** {@code --node-key} without {@code --trust} (EEG-CFG-004). */
    boolean nodeKeyWithoutTrust() {
        return nodeKey != null && trustFile == null;
    }

    /** The node's key, or {@code null} for the development PKI. */
    KeyMaterial nodeKey() throws Exception {
        return nodeKey == null ? null : KeyMaterial.loadPkcs12(nodeKey, Secrets.read(nodeKeyPasswordFile, "EEG_NODE_KEY_PASSWORD"));
    }

    /** The network's trust anchors given with {@code --node-key}, else {@code null}. */
    TrustAnchors trust() throws Exception {
        return nodeKey == null ? null : TrustAnchors.of(Certificates.readPem(trustFile));
    }

    /** OCSP CA and TSA key, or {@code null} when neither is given. */
    TrustServicesConfig trustServices() throws Exception {
        if (ocspCa == null && tsaKey == null) {
            return null;
        }
        return new TrustServicesConfig(ocspCa,
                ocspCa == null ? null : Secrets.read(ocspCaPasswordFile, "EEG_OCSP_CA_PASSWORD"), null,
                tsaKey == null ? null : KeyMaterial.loadPkcs12(tsaKey, Secrets.read(tsaKeyPasswordFile, "EEG_TSA_KEY_PASSWORD")));
    }
}
