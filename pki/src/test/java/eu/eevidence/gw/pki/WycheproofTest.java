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
 * Project Wycheproof vectors for the primitives of the CMS profile, run on the Bouncy Castle provider exactly as the
 * profile uses it, with Wycheproof semantics (valid accepted, invalid rejected, acceptable either). The complete
 * upstream file {@code <name>.json} is used when it is on the test class path (then every vector must run:
 * count = numberOfTests), else the committed subset {@code <name>.subset.json} (see
 * src/test/resources/wycheproof/README.md). Each valid vector also yields a derived negative case (one flipped
 * bit) that must be rejected.
 */
class WycheproofTest {

    private static final HexFormat HEX = HexFormat.of();

    /** One vector file: the complete upstream file {@code <name>.json} when present, else {@code <name>.subset.json}. */
    record Vectors(List<Map<String, Object>> groups, boolean full, int numberOfTests) {
    }

    @SuppressWarnings("unchecked")
    static Vectors load(String name) throws IOException {
        InputStream in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + name + ".json");
        boolean full = in != null;
        if (!full) {
            in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + name + ".subset.json");
        }
        try (InputStream r = in) {
            Map<String, Object> root = (Map<String, Object>) new Json(new String(r.readAllBytes(), StandardCharsets.UTF_8)).value();
            Object n = root.get("numberOfTests");
            return new Vectors((List<Map<String, Object>>) root.get("testGroups"), full, n == null ? -1 : Integer.parseInt(n.toString()));
        }
    }

    /**
     * Wycheproof semantics: "valid" must be accepted, "invalid" must be rejected, "acceptable" may go either way
     * (the outcome is not asserted).
     */
    static void expect(Map<String, Object> t, boolean accepted) {
        String result = (String) t.get("result");
        if ("valid".equals(result)) {
            assertThat(accepted).as("tcId %s %s %s must be accepted", t.get("tcId"), t.get("comment"), t.get("flags")).isTrue();
        } else if ("invalid".equals(result)) {
            assertThat(accepted).as("tcId %s %s %s must be rejected", t.get("tcId"), t.get("comment"), t.get("flags")).isFalse();
        } else {
            assertThat(result).isEqualTo("acceptable");
        }
    }

    /** With the complete upstream file every vector ran; with a subset at least {@code minimum}. */
    static void assertCount(Vectors v, int ran, int minimum) {
        if (v.full()) {
            assertThat(ran).as("tests run = numberOfTests").isEqualTo(v.numberOfTests());
        } else {
            assertThat(ran).isGreaterThanOrEqualTo(minimum);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tests(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("tests");
    }

    /** What a test group sets up once for its vectors (a key, a tag size). */
    interface GroupSetup<S> {
        S of(Map<String, Object> group) throws Exception;
    }

    /** The check of one vector with its group's setup. */
    interface VectorCheck<S> {
        void check(S setup, Map<String, Object> vector) throws Exception;
    }

    /** Runs {@code check} on every vector of every group of {@code v}; returns how many ran. */
    static <S> int forEachVector(Vectors v, GroupSetup<S> setup, VectorCheck<S> check) throws Exception {
        int n = 0;
        for (Map<String, Object> g : v.groups()) {
            S state = setup.of(g);
            for (Map<String, Object> t : tests(g)) {
                check.check(state, t);
                n++;
            }
        }
        return n;
    }

    static byte[] hex(Map<String, Object> m, String k) {
        return HEX.parseHex((String) m.get(k));
    }

    /** The group's {@code publicKeyDer} (SubjectPublicKeyInfo) as a BC public key. */
    static PublicKey publicKey(String algorithm, Map<String, Object> group) throws Exception {
        return KeyFactory.getInstance(algorithm, BouncyCastle.provider()).generatePublic(new X509EncodedKeySpec(hex(group, "publicKeyDer")));
    }

    static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }

    @Test
    void aesGcm() throws Exception {
        Vectors v = load("aes_gcm_test");
        int n = forEachVector(v, g -> Integer.parseInt(g.get("tagSize").toString()), (tagBits, t) -> {
            byte[] key = hex(t, "key");
            byte[] iv = hex(t, "iv");
            byte[] aad = hex(t, "aad");
            byte[] msg = hex(t, "msg");
            byte[] ctTag = concat(hex(t, "ct"), hex(t, "tag"));
            byte[] opened = gcmDecrypt(key, iv, aad, ctTag, tagBits);
            expect(t, opened != null && Arrays.equals(opened, msg));
            if ("valid".equals(t.get("result"))) {
                Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", BouncyCastle.provider());
                enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagBits, iv));
                enc.updateAAD(aad);
                assertThat(enc.doFinal(msg)).as("tcId %s encrypt", t.get("tcId")).isEqualTo(ctTag);
                // derived: a flipped bit in the tag and, when present, in the ciphertext is rejected
                assertThat(gcmDecrypt(key, iv, aad, flip(ctTag, ctTag.length - 1), tagBits)).as("tcId %s tag flip", t.get("tcId")).isNull();
                if (msg.length > 0) {
                    assertThat(gcmDecrypt(key, iv, aad, flip(ctTag, 0), tagBits)).isNull();
                }
            }
        });
        assertCount(v, n, 15);
    }

    /** The plaintext, or {@code null} when BC refuses (bad tag, or parameters it does not accept). */
    private static byte[] gcmDecrypt(byte[] key, byte[] iv, byte[] aad, byte[] ctTag, int tagBits) throws Exception {
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", BouncyCastle.provider());
        try {
            dec.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagBits, iv));
            dec.updateAAD(aad);
            return dec.doFinal(ctTag);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void ecdsaP256Sha256Der() throws Exception {
        Vectors v = load("ecdsa_secp256r1_sha256_test");
        int[] valid = {0};
        int n = forEachVector(v, g -> publicKey("EC", g), (pub, t) -> {
            boolean ok = ecdsaVerify(pub, hex(t, "msg"), hex(t, "sig"));
            expect(t, ok);
            if ("valid".equals(t.get("result"))) {
                byte[] msg = hex(t, "msg");
                byte[] other = msg.length == 0 ? new byte[] {0} : flip(msg, 0);
                assertThat(ecdsaVerify(pub, other, hex(t, "sig"))).as("derived from tcId %s", t.get("tcId")).isFalse();
                valid[0]++;
            }
        });
        if (v.full()) {
            assertThat(n).isEqualTo(v.numberOfTests());
        } else {
            assertThat(valid[0]).isEqualTo(6);
            assertThat(n - valid[0]).isEqualTo(12);
        }
    }

    private static boolean ecdsaVerify(PublicKey pub, byte[] msg, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", BouncyCastle.provider());
        s.initVerify(pub);
        s.update(msg);
        try {
            return s.verify(sig);
        } catch (java.security.SignatureException | IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void ecdhP256() throws Exception {
        Vectors v = load("ecdh_secp256r1_test");
        int n = forEachVector(v, g -> null, (none, t) -> {
            byte[] shared = ecdh(hex(t, "private"), hex(t, "public"));
            expect(t, shared != null && Arrays.equals(shared, hex(t, "shared")));
            if ("valid".equals(t.get("result"))) {
                // derived: the same point with y flipped is not on the curve and must be refused (invalid-curve attack)
                byte[] bad = hex(t, "public");
                bad[bad.length - 1] ^= 1;
                assertThat(ecdh(hex(t, "private"), bad)).as("off-curve point derived from tcId %s", t.get("tcId")).isNull();
            }
        });
        assertCount(v, n, 10);
    }

    /** ECDH on P-256 with the BC provider; {@code null} when the public key or the agreement is refused. */
    private static byte[] ecdh(byte[] privateScalar, byte[] publicSpki) {
        try {
            KeyFactory kf = KeyFactory.getInstance("EC", BouncyCastle.provider());
            java.security.AlgorithmParameters ap = java.security.AlgorithmParameters.getInstance("EC", BouncyCastle.provider());
            ap.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.spec.ECParameterSpec p256 = ap.getParameterSpec(java.security.spec.ECParameterSpec.class);
            PrivateKey priv = kf.generatePrivate(new java.security.spec.ECPrivateKeySpec(new BigInteger(1, privateScalar), p256));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(publicSpki));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH", BouncyCastle.provider());
            ka.init(priv);
            ka.doPhase(pub, true);
            return ka.generateSecret();
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void rsaOaepSha256() throws Exception {
        Vectors v = load("rsa_oaep_2048_sha256_mgf1sha256_test");
        int n = forEachVector(v, g -> KeyFactory.getInstance("RSA", BouncyCastle.provider()).generatePrivate(
                new PKCS8EncodedKeySpec(hex(g, "privateKeyPkcs8"))), (priv, t) -> {
            byte[] label = t.get("label") == null ? new byte[0] : hex(t, "label");
            byte[] plain = oaepDecrypt(priv, hex(t, "ct"), label);
            expect(t, plain != null && Arrays.equals(plain, hex(t, "msg")));
            if ("valid".equals(t.get("result"))) {
                byte[] ct = hex(t, "ct");
                assertThat(oaepDecrypt(priv, flip(ct, ct.length / 2), label)).as("derived from tcId %s", t.get("tcId")).isNull();
            }
        });
        if (v.full()) {
            assertThat(n).isEqualTo(v.numberOfTests());
        } else {
            assertThat(n).isEqualTo(5);
        }
    }

    private static byte[] oaepDecrypt(PrivateKey priv, byte[] ct, byte[] label) throws Exception {
        Cipher c = Cipher.getInstance("RSA/NONE/OAEPPadding", BouncyCastle.provider());
        c.init(Cipher.DECRYPT_MODE, priv, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label)));
        try {
            return c.doFinal(ct);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void rsaPssSha256() throws Exception {
        Vectors v = load("rsa_pss_2048_sha256_mgf1_32_test");
        int n = forEachVector(v, g -> publicKey("RSA", g), (pub, t) -> {
            expect(t, pssVerify(pub, hex(t, "msg"), hex(t, "sig")));
            if ("valid".equals(t.get("result"))) {
                byte[] sig = hex(t, "sig");
                assertThat(pssVerify(pub, hex(t, "msg"), flip(sig, sig.length - 1))).as("derived from tcId %s", t.get("tcId")).isFalse();
            }
        });
        if (v.full()) {
            assertThat(n).isEqualTo(v.numberOfTests());
        } else {
            assertThat(n).isEqualTo(5);
        }
    }

    private static boolean pssVerify(PublicKey pub, byte[] msg, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS", BouncyCastle.provider());
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        s.initVerify(pub);
        s.update(msg);
        try {
            return s.verify(sig);
        } catch (java.security.SignatureException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Minimal JSON reader for the vector files (objects, arrays, strings with the JSON escapes, numbers, literals). */
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
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
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
