package eu.eevidence.gw.pki;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.InputStreamWithMAC;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipient;
import org.bouncycastle.jcajce.io.CipherInputStream;
import org.bouncycastle.operator.InputAEADDecryptor;

/**
 * The KeyAgreeRecipient of an in-memory open (issue 18, ADR-0034): ECDH, KDF and key unwrap on Bouncy Castle exactly
 * as {@code JceKeyAgreeAuthEnvelopedRecipient} does them, the AES-256-GCM content decryption on
 * {@link CmsProviders#gcm()} (SunJCE, AES-NI/CLMUL), which Bouncy Castle cannot select itself because SunJCE knows no
 * GCM parameters by OID. The ciphertext arrives with its tag appended (BC's {@link InputStreamWithMAC}); the cipher
 * releases plaintext only after the tag checked. The content algorithm was allow-listed before
 * ({@link CmsAlgorithmPolicy#checkAuthEnvelopedPolicy}); anything but AES-GCM parameters is refused here.
 */
final class GcmKeyAgreeRecipient extends JceKeyAgreeRecipient {

    GcmKeyAgreeRecipient(PrivateKey recipientKey) {
        super(recipientKey);
        setProvider(BouncyCastle.provider());
        setUnwrappingProvider(CmsProviders.gcm());
    }

    @Override
    public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
            AlgorithmIdentifier contentEncryptionAlgorithm, SubjectPublicKeyInfo senderPublicKey,
            ASN1OctetString userKeyingMaterial, byte[] encryptedContentKey) throws CMSException {
        Key cek = extractSecretKey(keyEncryptionAlgorithm, contentEncryptionAlgorithm, senderPublicKey,
                userKeyingMaterial, encryptedContentKey);
        Cipher cipher;
        try {
            GCMParameters p = GCMParameters.getInstance(contentEncryptionAlgorithm.getParameters());
            cipher = Cipher.getInstance("AES/GCM/NoPadding", CmsProviders.gcm());
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek.getEncoded(), "AES"),
                    new GCMParameterSpec(p.getIcvLen() * 8, p.getNonce()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CMSException("cannot create the AES-GCM content cipher", e);
        }
        return new RecipientOperator(new Decryptor(contentEncryptionAlgorithm, cipher));
    }

    private static final class Decryptor implements InputAEADDecryptor {
        private final AlgorithmIdentifier algorithm;
        private final Cipher cipher;
        private InputStream input;

        Decryptor(AlgorithmIdentifier algorithm, Cipher cipher) {
            this.algorithm = algorithm;
            this.cipher = cipher;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public InputStream getInputStream(InputStream in) {
            input = in;
            return new CipherInputStream(in, cipher);
        }

        @Override
        public OutputStream getAADStream() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    cipher.updateAAD(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    cipher.updateAAD(b, off, len);
                }
            };
        }

        @Override
        public byte[] getMAC() {
            return input instanceof InputStreamWithMAC ? ((InputStreamWithMAC) input).getMAC() : null;
        }
    }
}
