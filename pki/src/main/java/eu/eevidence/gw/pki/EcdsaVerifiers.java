package eu.eevidence.gw.pki;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.SignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * SignerInfo verifiers that verify an ECDSA signature once (issue 18, ADR-0034). Bouncy Castle's
 * {@code JcaContentVerifierProviderBuilder} hands out a {@code RawSigVerifier} whenever the provider has a raw
 * ({@code NONEwithECDSA}) signature, and that verifier runs the raw verification as well after every normal one (to
 * release PKCS#11 sessions): every open paid two P-256 verifications. Here ECDSA with SHA-256/384/512 is verified by
 * one {@code SHA*withECDSA} {@link java.security.Signature} of the Bouncy Castle provider over the DER of the signed
 * attributes, exactly what the normal path verifies; every other algorithm (RSASSA-PSS) goes to Bouncy Castle's
 * verifier unchanged. The certificate stays associated, so Bouncy Castle still
 * checks it was valid at the signing time.
 */
final class EcdsaVerifiers {

    private static final Map<ASN1ObjectIdentifier, String> ECDSA = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");
    private static final CMSSignatureAlgorithmNameGenerator NAMES = new DefaultCMSSignatureAlgorithmNameGenerator();
    private static final SignatureAlgorithmIdentifierFinder FINDER = new DefaultSignatureAlgorithmIdentifierFinder();

    private EcdsaVerifiers() {
    }

    /** The verifier of a SignerInfo signed by {@code cert} ({@code holder} is the same certificate). */
    static SignerInformationVerifier of(X509Certificate cert, X509CertificateHolder holder) throws OperatorCreationException {
        ContentVerifierProvider provider = new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() {
                return true;
            }

            @Override
            public X509CertificateHolder getAssociatedCertificate() {
                return holder;
            }

            @Override
            public ContentVerifier get(AlgorithmIdentifier alg) throws OperatorCreationException {
                String name = ECDSA.get(alg.getAlgorithm());
                if (name == null || alg.getParameters() != null) {
                    return new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.provider()).build(cert).get(alg);
                }
                return ecdsa(name, alg, cert);
            }
        };
        return new SignerInformationVerifier(NAMES, FINDER, provider, CmsProviders.digestCalculators());
    }

    private static ContentVerifier ecdsa(String name, AlgorithmIdentifier alg, X509Certificate cert)
            throws OperatorCreationException {
        java.security.Signature s;
        try {
            s = java.security.Signature.getInstance(name, BouncyCastle.provider());
            s.initVerify(cert.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("cannot create " + name + " verifier", e);
        }
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    s.update(b, off, len);
                } catch (SignatureException e) {
                    throw new RuntimeOperatorException("cannot update " + name, e);
                }
            }
        };
        return new ContentVerifier() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return alg;
            }

            @Override
            public OutputStream getOutputStream() {
                return out;
            }

            @Override
            public boolean verify(byte[] signature) {
                try {
                    return s.verify(signature);
                } catch (SignatureException e) {
                    throw new RuntimeOperatorException("exception obtaining signature: " + e.getMessage(), e);
                }
            }
        };
    }
}
