package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.Ed25519;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A witness's Ed25519 cosigner key (C2SP tlog-cosignature, https://c2sp.org/tlog-cosignature): a name and a 32-byte
 * public key, key id {@code SHA-256(name || "\n" || 0x04 || key)[:4]}, text form a signed-note vkey
 * {@code name+keyid+base64(0x04 || key)}. Signature type 0x04 keeps a cosigner key apart from a log's checkpoint key
 * (type 0x01): a cosignature never verifies as a log signature and vice versa.
 */
public record CosignerKey(String name, int keyId, byte[] publicKey) {

    /** The signature type byte of Ed25519 cosignature/v1 (tlog-cosignature). */
    public static final byte ALG_COSIGNATURE_V1 = 0x04;

    public CosignerKey {
        publicKey = publicKey.clone();
    }

    public static CosignerKey of(String name, byte[] rawPublicKey) throws CustodyException {
        checkName(name);
        Ed25519.publicKey(rawPublicKey);
        return new CosignerKey(name, keyId(name, rawPublicKey), rawPublicKey);
    }

    /** The key id of an Ed25519 cosigner: the first four bytes of SHA-256(name || 0x0A || 0x04 || key), big-endian. */
    public static int keyId(String name, byte[] rawPublicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0x0A);
            d.update(ALG_COSIGNATURE_V1);
            d.update(rawPublicKey);
            byte[] h = d.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a cosigner vkey; rejects a wrong id, another signature type, a wrong length, bad base64 or a bad name. */
    public static CosignerKey parse(String vkey) throws CustodyException {
        if (vkey == null) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "no cosigner key");
        }
        String v = vkey.strip();
        int p1 = v.indexOf('+');
        int p2 = p1 < 0 ? -1 : v.indexOf('+', p1 + 1);
        if (p1 <= 0 || p2 < 0) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "a cosigner key is name+keyid+key");
        }
        String name = v.substring(0, p1);
        String id = v.substring(p1 + 1, p2);
        String key = v.substring(p2 + 1);
        checkName(name);
        if (id.length() != 8 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "the key id is 8 lowercase hex digits");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "the key is not base64");
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(key)) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "the key is not canonical base64");
        }
        if (decoded.length != 33 || decoded[0] != ALG_COSIGNATURE_V1) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "a cosigner key is an Ed25519 cosignature/v1 key (0x04 || 32 bytes)");
        }
        byte[] raw = Arrays.copyOfRange(decoded, 1, 33);
        int want = keyId(name, raw);
        if ((int) Long.parseLong(id, 16) != want) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "the key id does not match the name and key");
        }
        Ed25519.publicKey(raw);
        return new CosignerKey(name, want, raw);
    }

    static void checkName(String name) throws CustodyException {
        if (name == null || name.isEmpty()) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "empty key name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
                throw new CustodyException(CustodyError.VKEY_MALFORMED, "a key name has no spaces, plus signs or controls");
            }
        }
    }

    public PublicKey javaKey() throws CustodyException {
        return Ed25519.publicKey(publicKey);
    }

    public String keyIdHex() {
        return HexFormat.of().toHexDigits(keyId);
    }

    /** The vkey text. */
    public String encode() {
        byte[] b = new byte[33];
        b[0] = ALG_COSIGNATURE_V1;
        System.arraycopy(publicKey, 0, b, 1, 32);
        return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(b);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosignerKey k && k.name.equals(name) && k.keyId == keyId && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
        return encode();
    }
}
