package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.SignedNote;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Ed25519 cosignature/v1 (C2SP tlog-cosignature): a note signature line {@code — <name> base64(key id || timestamp ||
 * signature)}, the 8-byte big-endian POSIX timestamp followed by the 64-byte Ed25519 signature over
 * {@code "cosignature/v1\ntime <timestamp>\n"} and the whole checkpoint body (with its final newline, without any
 * signature line).
 */
public final class Cosignature {

    /** key id (4) || timestamp (8) || Ed25519 signature (64). */
    public static final int BLOB_BYTES = 4 + 8 + 64;

    private Cosignature() {
    }

    /** The signed message for a checkpoint body and a timestamp. */
    public static byte[] message(String checkpointBody, long time) {
        return ("cosignature/v1\ntime " + Long.toString(time) + "\n" + checkpointBody).getBytes(StandardCharsets.UTF_8);
    }

    /** Cosigns {@code checkpointBody} at {@code time} (POSIX seconds); returns one signature line ending in a newline. */
    public static String sign(String checkpointBody, long time, CosignerKey key, PrivateKey privateKey) throws CustodyException {
        if (time < 0) {
            throw new CustodyException(CustodyError.RANGE, "a cosignature timestamp is at most 2^63-1 and not negative");
        }
        byte[] sig = Ed25519.sign(privateKey, message(checkpointBody, time));
        if (!Ed25519.verify(key.javaKey(), message(checkpointBody, time), sig)) {
            throw new CustodyException(CustodyError.KEY, "the cosigning key does not match cosigner key " + key.name());
        }
        ByteBuffer b = ByteBuffer.allocate(BLOB_BYTES).putInt(key.keyId()).putLong(time).put(sig);
        return SignedNote.DASH + key.name() + " " + Base64.getEncoder().encodeToString(b.array()) + "\n";
    }

    /**
     * The timestamp of {@code signature} if it is {@code key}'s cosignature on {@code checkpointBody}; empty when the
     * line names another key (name or key id). A line that names {@code key} but does not verify is an error.
     */
    public static OptionalLong verify(String checkpointBody, SignedNote.Signature signature, CosignerKey key) throws CustodyException {
        if (!key.name().equals(signature.name()) || key.keyId() != signature.keyId()) {
            return OptionalLong.empty();
        }
        byte[] rest = signature.signature(); // timestamp || signature (SignedNote strips the key id)
        if (rest.length != BLOB_BYTES - 4) {
            throw new CustodyException(CustodyError.COSIGNATURE_INVALID, "cosignature by " + key.name() + " is not 8 + 64 bytes");
        }
        long time = ByteBuffer.wrap(rest, 0, 8).getLong();
        if (time < 0) {
            throw new CustodyException(CustodyError.COSIGNATURE_INVALID, "cosignature by " + key.name() + " has a timestamp above 2^63-1");
        }
        byte[] sig = java.util.Arrays.copyOfRange(rest, 8, rest.length);
        if (!Ed25519.verify(key.javaKey(), message(checkpointBody, time), sig)) {
            throw new CustodyException(CustodyError.COSIGNATURE_INVALID, "cosignature by " + key.name() + "+" + key.keyIdHex() + " does not verify");
        }
        return OptionalLong.of(time);
    }
}
