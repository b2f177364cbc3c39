package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Project Wycheproof vectors (subsets, see src/test/resources/wycheproof/README.md) for the primitives of the CMS
 * profile, run on the Bouncy Castle provider exactly as the profile uses it. Each valid vector also yields a derived
 * negative case (one flipped bit) that must be rejected.
 */
class WycheproofTest {

    private static final HexFormat HEX = HexFormat.of();

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(String file) throws IOException {
        try (InputStream in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + file)) {
            Map<String, Object> root = (Map<String, Object>) new Json(new String(in.readAllBytes(), StandardCharsets.UTF_8)).value();
            return (List<Map<String, Object>>) root.get("testGroups");
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tests(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("tests");
    }

    static byte[] hex(Map<String, Object> m, String k) {
        return HEX.parseHex((String) m.get(k));
    }

    static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }

    @Test
    void aesGcm() throws Exception {
        int n = 0;
        for (Map<String, Object> g : groups("aes_gcm_test.subset.json")) {
            for (Map<String, Object> t : tests(g)) {
                byte[] key = hex(t, "key");
                byte[] iv = hex(t, "iv");
                byte[] aad = hex(t, "aad");
                byte[] msg = hex(t, "msg");
                byte[] ctTag = concat(hex(t, "ct"), hex(t, "tag"));
                assertThat(t.get("result")).isEqualTo("valid");
                Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", BouncyCastle.provider());
                enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                enc.updateAAD(aad);
                assertThat(enc.doFinal(msg)).as("tcId %s encrypt", t.get("tcId")).isEqualTo(ctTag);
                assertThat(gcmDecrypt(key, iv, aad, ctTag)).as("tcId %s decrypt", t.get("tcId")).isEqualTo(msg);
                // derived: a flipped bit in the tag and, when present, in the ciphertext is rejected
                assertThat(gcmDecrypt(key, iv, aad, flip(ctTag, ctTag.length - 1))).as("tcId %s tag flip", t.get("tcId")).isNull();
                if (msg.length > 0) {
                    assertThat(gcmDecrypt(key, iv, aad, flip(ctTag, 0))).isNull();
                }
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(15);
    }

    private static byte[] gcmDecrypt(byte[] key, byte[] iv, byte[] aad, byte[] ctTag) throws Exception {
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", BouncyCastle.provider());
        dec.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        dec.updateAAD(aad);
        try {
            return dec.doFinal(ctTag);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        }
    }

    @Test
    void ecdsaP256Sha256Der() throws Exception {
        int valid = 0;
        int invalid = 0;
        for (Map<String, Object> g : groups("ecdsa_secp256r1_sha256_test.subset.json")) {
            PublicKey pub = KeyFactory.getInstance("EC", BouncyCastle.provider()).generatePublic(new X509EncodedKeySpec(hex(g, "publicKeyDer")));
            for (Map<String, Object> t : tests(g)) {
                boolean ok = ecdsaVerify(pub, hex(t, "msg"), hex(t, "sig"));
                if ("valid".equals(t.get("result"))) {
                    assertThat(ok).as("tcId %s %s", t.get("tcId"), t.get("comment")).isTrue();
                    byte[] msg = hex(t, "msg");
                    byte[] other = msg.length == 0 ? new byte[] {0} : flip(msg, 0);
                    assertThat(ecdsaVerify(pub, other, hex(t, "sig"))).as("derived from tcId %s", t.get("tcId")).isFalse();
                    valid++;
                } else {
                    assertThat(ok).as("tcId %s %s", t.get("tcId"), t.get("comment")).isFalse();
                    invalid++;
                }
            }
        }
        assertThat(valid).isEqualTo(6);
        assertThat(invalid).isEqualTo(12);
    }

    private static boolean ecdsaVerify(PublicKey pub, byte[] msg, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", BouncyCastle.provider());
        s.initVerify(pub);
        s.update(msg);
        try {
            return s.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    @Test
    void ecdhP256() throws Exception {
        int n = 0;
        for (Map<String, Object> g : groups("ecdh_secp256r1_test.subset.json")) {
            for (Map<String, Object> t : tests(g)) {
                KeyFactory kf = KeyFactory.getInstance("EC", BouncyCastle.provider());
                PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(hex(t, "public")));
                java.security.spec.ECParameterSpec params = ((java.security.interfaces.ECPublicKey) pub).getParams();
                PrivateKey priv = kf.generatePrivate(new java.security.spec.ECPrivateKeySpec(new BigInteger(1, hex(t, "private")), params));
                KeyAgreement ka = KeyAgreement.getInstance("ECDH", BouncyCastle.provider());
                ka.init(priv);
                ka.doPhase(pub, true);
                assertThat(ka.generateSecret()).as("tcId %s", t.get("tcId")).isEqualTo(hex(t, "shared"));
                // derived: the same point with y flipped is not on the curve and must be refused (invalid-curve attack)
                byte[] bad = hex(t, "public");
                bad[bad.length - 1] ^= 1;
                boolean refused;
                try {
                    PublicKey badKey = kf.generatePublic(new X509EncodedKeySpec(bad));
                    KeyAgreement k2 = KeyAgreement.getInstance("ECDH", BouncyCastle.provider());
                    k2.init(priv);
                    k2.doPhase(badKey, true);
                    k2.generateSecret();
                    refused = false;
                } catch (Exception e) {
                    refused = true;
                }
                assertThat(refused).as("off-curve point derived from tcId %s", t.get("tcId")).isTrue();
                n++;
            }
        }
        assertThat(n).isEqualTo(10);
    }

    @Test
    void rsaOaepSha256() throws Exception {
        int n = 0;
        for (Map<String, Object> g : groups("rsa_oaep_2048_sha256_mgf1sha256_test.subset.json")) {
            PrivateKey priv = KeyFactory.getInstance("RSA", BouncyCastle.provider()).generatePrivate(
                    new PKCS8EncodedKeySpec(hex(g, "privateKeyPkcs8")));
            for (Map<String, Object> t : tests(g)) {
                assertThat(oaepDecrypt(priv, hex(t, "ct"))).as("tcId %s", t.get("tcId")).isEqualTo(hex(t, "msg"));
                byte[] ct = hex(t, "ct");
                assertThat(oaepDecrypt(priv, flip(ct, ct.length / 2))).as("derived from tcId %s", t.get("tcId")).isNull();
                n++;
            }
        }
        assertThat(n).isEqualTo(5);
    }

    private static byte[] oaepDecrypt(PrivateKey priv, byte[] ct) throws Exception {
        Cipher c = Cipher.getInstance("RSA/NONE/OAEPPadding", BouncyCastle.provider());
        c.init(Cipher.DECRYPT_MODE, priv, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        try {
            return c.doFinal(ct);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            return null;
        }
    }

    @Test
    void rsaPssSha256() throws Exception {
        int n = 0;
        for (Map<String, Object> g : groups("rsa_pss_2048_sha256_mgf1_32_test.subset.json")) {
            PublicKey pub = KeyFactory.getInstance("RSA", BouncyCastle.provider()).generatePublic(new X509EncodedKeySpec(hex(g, "publicKeyDer")));
            for (Map<String, Object> t : tests(g)) {
                assertThat(pssVerify(pub, hex(t, "msg"), hex(t, "sig"))).as("tcId %s", t.get("tcId")).isTrue();
                byte[] sig = hex(t, "sig");
                assertThat(pssVerify(pub, hex(t, "msg"), flip(sig, sig.length - 1))).as("derived from tcId %s", t.get("tcId")).isFalse();
                n++;
            }
        }
        assertThat(n).isEqualTo(5);
    }

    private static boolean pssVerify(PublicKey pub, byte[] msg, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS", BouncyCastle.provider());
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        s.initVerify(pub);
        s.update(msg);
        try {
            return s.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Minimal JSON reader for the vector files (objects, arrays, strings without escapes beyond \" \\ \n, numbers). */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "-+.0123456789eEtruefalsn".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    sb.append(e == 'n' ? '\n' : e);
                } else {
                    sb.append(c);
                }
            }
            i++;
            return sb.toString();
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
