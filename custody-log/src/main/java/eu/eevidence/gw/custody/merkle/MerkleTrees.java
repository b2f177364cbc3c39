package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;

import java.util.ArrayList;
import java.util.List;

/**
 * Root hashes and proofs of RFC 6962 section 2.1 (RFC 9162 section 2.1.1 to 2.1.4) over any {@link SubtreeHashes}:
 * MTH, PATH (inclusion) and PROOF/SUBPROOF (consistency), following the recursive definitions literally. The left
 * subtree of every split is perfect, so each call costs O(log n) perfect-subtree look-ups.
 */
public final class MerkleTrees {

    private MerkleTrees() {
    }

    /** MTH(D[0:size]); the empty tree hashes to SHA-256 of nothing. */
    public static byte[] root(SubtreeHashes hashes, long size) throws CustodyException {
        Uint64.check(size, "tree size");
        return size == 0 ? Rfc6962.emptyRoot() : subtree(hashes, 0, size, new Rfc6962());
    }

    /** MTH(D[from:to]) for a range that occurs in the RFC 6962 recursion of some tree (its start aligned to its split). */
    public static byte[] subtree(SubtreeHashes hashes, long from, long to) throws CustodyException {
        return subtree(hashes, from, to, new Rfc6962());
    }

    private static byte[] subtree(SubtreeHashes hashes, long a, long b, Rfc6962 hasher) throws CustodyException {
        long n = b - a;
        if (n <= 0) {
            throw new CustodyException(CustodyError.RANGE, "empty subtree [" + a + ", " + b + ")");
        }
        if (Long.bitCount(n) == 1 && a % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return hashes.perfect(level, a >>> level);
        }
        long k = largestPowerOfTwoBelow(n);
        return hasher.node(subtree(hashes, a, a + k, hasher), subtree(hashes, a + k, b, hasher));
    }

    /** The audit path PATH(index, D[0:size]), leaf-side first. */
    public static List<byte[]> inclusionProof(SubtreeHashes hashes, long index, long size) throws CustodyException {
        Uint64.check(index, "leaf index");
        Uint64.check(size, "tree size");
        if (index >= size) {
            throw new CustodyException(CustodyError.RANGE, "leaf index " + index + " is not below tree size " + size);
        }
        List<byte[]> out = new ArrayList<>();
        path(hashes, index, 0, size, out, new Rfc6962());
        return out;
    }

    private static void path(SubtreeHashes hashes, long m, long a, long b, List<byte[]> out, Rfc6962 hasher) throws CustodyException {
        long n = b - a;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m - a < k) {
            path(hashes, m, a, a + k, out, hasher);
            out.add(subtree(hashes, a + k, b, hasher));
        } else {
            path(hashes, m, a + k, b, out, hasher);
            out.add(subtree(hashes, a, a + k, hasher));
        }
    }

    /** PROOF(size1, D[0:size2]); empty when size1 is 0 or equals size2. */
    public static List<byte[]> consistencyProof(SubtreeHashes hashes, long size1, long size2) throws CustodyException {
        Uint64.check(size1, "first tree size");
        Uint64.check(size2, "second tree size");
        if (size1 > size2) {
            throw new CustodyException(CustodyError.RANGE, "first tree size " + size1 + " is larger than second " + size2);
        }
        List<byte[]> out = new ArrayList<>();
        if (size1 == 0 || size1 == size2) {
            return out;
        }
        subproof(hashes, size1, 0, size2, true, out, new Rfc6962());
        return out;
    }

    private static void subproof(SubtreeHashes hashes, long m, long a, long b, boolean whole, List<byte[]> out, Rfc6962 hasher)
            throws CustodyException {
        long n = b - a;
        if (m == n) {
            if (!whole) {
                out.add(subtree(hashes, a, b, hasher));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(hashes, m, a, a + k, whole, out, hasher);
            out.add(subtree(hashes, a + k, b, hasher));
        } else {
            subproof(hashes, m - k, a + k, b, false, out, hasher);
            out.add(subtree(hashes, a, a + k, hasher));
        }
    }

    /** The largest power of two strictly below n (n at least 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
