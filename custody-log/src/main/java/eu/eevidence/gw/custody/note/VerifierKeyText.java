package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The one codec of the signed-note verifier-key text {@code <name>+<hex key id>+<base64(type || Ed25519 public key)>}
 * (C2SP signed-note, https://c2sp.org/signed-note), shared by a log's {@link NoteVerifierKey} (type 0x01) and a
 * witness's cosigner key (type 0x04, https://c2sp.org/tlog-cosignature). The key id is the first four bytes of
 * {@code SHA-256(name || 0x0A || type || key)}, big-endian.
 */
public final class VerifierKeyText {

    /** A parsed key text: its name, key id and 32-byte raw public key (checked to decode as Ed25519). */
    public record Parsed(String name, int keyId, byte[] publicKey) {
    }

    private VerifierKeyText() {
    }

    /** The key id of {@code rawPublicKey} under {@code name} for signature type {@code type}. */
    public static int keyId(String name, byte type, byte[] rawPublicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0x0A);
            d.update(type);
            d.update(rawPublicKey);
            byte[] h = d.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a key text of signature type {@code type}; rejects a wrong id, another type, a wrong length, bad or
     * non-canonical base64 or a bad name.
     *
     * @param noun        what the text is, in the messages ("verifier key", "cosigner key")
     * @param typeMessage the message when the decoded key is not {@code type || 32 bytes}
     */
    public static Parsed parse(String vkey, byte type, String noun, String typeMessage) throws CustodyException {
        if (vkey == null) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "no " + noun);
        }
        String v = vkey.strip();
        int p1 = v.indexOf('+');
        int p2 = p1 < 0 ? -1 : v.indexOf('+', p1 + 1);
        if (p1 <= 0 || p2 < 0) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "a " + noun + " is name+keyid+key");
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
        if (decoded.length != 33 || decoded[0] != type) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, typeMessage);
        }
        byte[] raw = Arrays.copyOfRange(decoded, 1, 33);
        int want = keyId(name, type, raw);
        if ((int) Long.parseLong(id, 16) != want) {
            throw new CustodyException(CustodyError.VKEY_MALFORMED, "the key id does not match the name and key");
        }
        Ed25519.publicKey(raw); // must decode
        return new Parsed(name, want, raw);
    }

    /** A key name: not empty, no plus sign, space or control character. */
    public static void checkName(String name) throws CustodyException {
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

    /** The text form of a 32-byte key of signature type {@code type}. */
    public static String encode(String name, int keyId, byte type, byte[] rawPublicKey) {
        byte[] b = new byte[33];
        b[0] = type;
        System.arraycopy(rawPublicKey, 0, b, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(b);
    }
}
