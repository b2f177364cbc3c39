package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.VerifierKeyText;

import java.security.PublicKey;
import java.util.Arrays;
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
        return VerifierKeyText.keyId(name, ALG_COSIGNATURE_V1, rawPublicKey);
    }

    /** Parses a cosigner vkey; rejects a wrong id, another signature type, a wrong length, bad base64 or a bad name. */
    public static CosignerKey parse(String vkey) throws CustodyException {
        VerifierKeyText.Parsed p = VerifierKeyText.parse(vkey, ALG_COSIGNATURE_V1, "cosigner key",
                "a cosigner key is an Ed25519 cosignature/v1 key (0x04 || 32 bytes)");
        return new CosignerKey(p.name(), p.keyId(), p.publicKey());
    }

    static void checkName(String name) throws CustodyException {
        VerifierKeyText.checkName(name);
    }

    public PublicKey javaKey() throws CustodyException {
        return Ed25519.publicKey(publicKey);
    }

    public String keyIdHex() {
        return HexFormat.of().toHexDigits(keyId);
    }

    /** The vkey text. */
    public String encode() {
        return VerifierKeyText.encode(name, keyId, ALG_COSIGNATURE_V1, publicKey);
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
