package eu.eevidence.gw.custody.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * RFC 6962 / RFC 9162 section 2.1 hashing with SHA-256 and domain separation: a leaf is
 * {@code SHA-256(0x00 || entry)}, an interior node {@code SHA-256(0x01 || left || right)}, the empty tree
 * {@code SHA-256()}. An instance reuses one digest and is not thread-safe; the static methods make a new one.
 */
public final class Rfc6962 {

    public static final int HASH_SIZE = 32;
    private static final byte[] EMPTY_ROOT = new Rfc6962().digest.digest();

    private final MessageDigest digest;

    public Rfc6962() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every Java platform", e);
        }
    }

    public byte[] leaf(byte[] entry) {
        return leaf(entry, 0, entry.length);
    }

    public byte[] leaf(byte[] buf, int off, int len) {
        digest.reset();
        digest.update((byte) 0x00);
        digest.update(buf, off, len);
        return digest.digest();
    }

    public byte[] node(byte[] left, byte[] right) {
        digest.reset();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    public static byte[] leafHash(byte[] entry) {
        return new Rfc6962().leaf(entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return new Rfc6962().node(left, right);
    }

    /** Constant-time comparison of two hashes (false when either is null). */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    static byte[] copy(byte[] h) {
        return Arrays.copyOf(h, h.length);
    }
}
