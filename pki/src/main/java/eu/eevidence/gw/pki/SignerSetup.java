package eu.eevidence.gw.pki;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;

/**
 * What a signer contributes to every SignedData and does not change between messages, computed once per
 * {@link KeyMaterial} (issue 18, ADR-0034): the certificate chain as parsed holders (the SignedData's certificate set),
 * the signing-certificate-v2 attribute (a SHA-256 of the certificate) and the content-signer builder with the
 * profile's algorithm. Kept in a small cache keyed by the identity of the (immutable) key material, held weakly (the
 * cache never keeps a private key alive), so a node that signs with one key builds this once.
 */
record SignerSetup(X509CertificateHolder holder, Store<X509CertificateHolder> certStore, Attribute signingCertificateV2,
        JcaContentSignerBuilder signerBuilder) {

    private static final int SIZE = 16;
    @SuppressWarnings("unchecked")
    private static final WeakReference<KeyMaterial>[] KEYS = new WeakReference[SIZE];
    private static final SignerSetup[] SETUPS = new SignerSetup[SIZE];
    private static int next;

    /** The setup of {@code signer}, from the cache or built (and cached). */
    static SignerSetup of(KeyMaterial signer) throws PkiException {
        synchronized (KEYS) {
            for (int i = 0; i < SIZE; i++) {
                if (KEYS[i] != null && KEYS[i].get() == signer) {
                    return SETUPS[i];
                }
            }
        }
        SignerSetup s = build(signer);
        synchronized (KEYS) {
            KEYS[next] = new WeakReference<>(signer);
            SETUPS[next] = s;
            next = (next + 1) % SIZE;
        }
        return s;
    }

    private static SignerSetup build(KeyMaterial signer) throws PkiException {
        X509Certificate cert = signer.certificate();
        String alg = CmsSealer.signatureAlgorithm(cert, signer.privateKey());
        try {
            List<X509CertificateHolder> chain = new ArrayList<>();
            for (X509Certificate c : signer.chain()) {
                chain.add(new X509CertificateHolder(c.getEncoded()));
            }
            Attribute scv2 = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(CmsSealer.signingCertificateV2(cert)));
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(alg).setProvider(BouncyCastle.provider());
            return new SignerSetup(chain.get(0), new CollectionStore<>(chain), scv2, builder);
        } catch (CertificateEncodingException | IOException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot encode the signer's certificates", e);
        } catch (CertificateException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot create signer", e);
        }
    }
}
