package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A C2SP signed-note Ed25519 verifier key, in its text form {@code <name>+<hex key id>+<base64(0x01 || public key)>}
 * (the golang.org/x/mod/sumdb/note "vkey"). The key id is the first four bytes of
 * {@code SHA-256(name || 0x0A || 0x01 || public key)}.
 */
public record NoteVerifierKey(String name, int keyId, byte[] publicKey) {

    public static final byte ALG_ED25519 = 0x01;

    public NoteVerifierKey {
        publicKey = publicKey.clone();
    }

    public static NoteVerifierKey of(String name, byte[] rawPublicKey) throws CustodyException {
        checkName(name);
        if (rawPublicKey.length != 32) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "an Ed25519 public key has 32 bytes");
        }
        return new NoteVerifierKey(name, keyId(name, rawPublicKey), rawPublicKey);
    }

    public static int keyId(String name, byte[] rawPublicKey) {
        return VerifierKeyText.keyId(name, ALG_ED25519, rawPublicKey);
    }

    /** Parses a vkey; rejects any mangling (wrong id, wrong algorithm, wrong length, bad base64, bad name). */
    public static NoteVerifierKey parse(String vkey) throws CustodyException {
        VerifierKeyText.Parsed p = VerifierKeyText.parse(vkey, ALG_ED25519, "verifier key",
                "only Ed25519 keys (0x01 || 32 bytes) are supported");
        return new NoteVerifierKey(p.name(), p.keyId(), p.publicKey());
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

    /** The text form. */
    public String encode() {
        return VerifierKeyText.encode(name, keyId, ALG_ED25519, publicKey);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifierKey k && k.name.equals(name) && k.keyId == keyId && Arrays.equals(k.publicKey, publicKey);
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
