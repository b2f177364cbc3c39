package eu.eevidence.gw.pki;

/** Key types the development PKI can issue. */
public enum KeyKind {
    /** ECDSA/ECDH on NIST P-256 (secp256r1). */
    EC_P256,
    /** RSA with a 3072-bit modulus. */
    RSA_3072
}
