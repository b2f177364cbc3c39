package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyError;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure verification of inclusion and consistency proofs, following RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by
 * step. Sizes and indices are unsigned 64-bit values carried in a {@code long}: any value that arrives negative
 * (2^63 or more, for example 2^64-1) is rejected, never compared as a signed number. No storage, no network.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /** RFC 9162 2.1.3.2: does {@code proof} prove that {@code leafHash} is leaf {@code index} of the tree of {@code size} with {@code root}? */
    public static Verdict verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        Verdict malformed = checkHashes(leafHash, root, proof);
        if (malformed != null) {
            return malformed;
        }
        if (index < 0 || size < 0) {
            return Verdict.invalid(CustodyError.RANGE, "index or size at or above 2^63 (" + Long.toUnsignedString(index) + ", "
                    + Long.toUnsignedString(size) + ")");
        }
        if (index >= size) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "leaf index " + index + " is not below tree size " + size);
        }
        byte[] r = rootFromInclusion(index, size, leafHash, proof);
        if (r == null) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "inclusion proof has the wrong length for index " + index + " in size " + size);
        }
        if (!Rfc6962.same(r, root)) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "inclusion proof leads to another root");
        }
        return Verdict.valid();
    }

    /** The root an inclusion proof leads to, or null when the proof has the wrong length (steps 2 to 5 of 2.1.3.2). */
    static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        Rfc6962 hasher = new Rfc6962();
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = hasher.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** RFC 9162 2.1.4.2: is the tree of {@code size2} with {@code root2} an append-only extension of {@code size1} with {@code root1}? */
    public static Verdict verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        Verdict malformed = checkHashes(root1, root2, proof);
        if (malformed != null) {
            return malformed;
        }
        if (size1 < 0 || size2 < 0) {
            return Verdict.invalid(CustodyError.RANGE, "size at or above 2^63 (" + Long.toUnsignedString(size1) + ", "
                    + Long.toUnsignedString(size2) + ")");
        }
        if (size2 < size1) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "second size " + size2 + " is smaller than first size " + size1);
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                return Verdict.invalid(CustodyError.PROOF_INVALID, "equal sizes need an empty proof");
            }
            return Rfc6962.same(root1, root2) ? Verdict.valid()
                    : Verdict.invalid(CustodyError.PROOF_INVALID, "same size " + size1 + " with two different roots");
        }
        if (size1 == 0) {
            return proof.isEmpty() ? Verdict.valid() : Verdict.invalid(CustodyError.PROOF_INVALID, "the empty tree needs an empty proof");
        }
        // Step 1.
        if (proof.isEmpty()) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "empty consistency proof");
        }
        // Step 2.
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(size1) == 1) {
            path.add(root1);
        }
        path.addAll(proof);
        // Steps 3 and 4.
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5.
        Rfc6962 hasher = new Rfc6962();
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        // Step 6.
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return Verdict.invalid(CustodyError.PROOF_INVALID, "consistency proof is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.node(c, fr);
                sr = hasher.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = hasher.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 7.
        if (sn != 0) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "consistency proof is too short");
        }
        if (!Rfc6962.same(fr, root1)) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "consistency proof does not lead to the first root");
        }
        if (!Rfc6962.same(sr, root2)) {
            return Verdict.invalid(CustodyError.PROOF_INVALID, "consistency proof does not lead to the second root");
        }
        return Verdict.valid();
    }

    private static Verdict checkHashes(byte[] a, byte[] b, List<byte[]> proof) {
        if (a == null || b == null || a.length != Rfc6962.HASH_SIZE || b.length != Rfc6962.HASH_SIZE || proof == null) {
            return Verdict.invalid(CustodyError.MALFORMED_HASH, "a hash is not 32 bytes");
        }
        for (byte[] p : proof) {
            if (p == null || p.length != Rfc6962.HASH_SIZE) {
                return Verdict.invalid(CustodyError.MALFORMED_HASH, "a proof element is not 32 bytes");
            }
        }
        return null;
    }
}
