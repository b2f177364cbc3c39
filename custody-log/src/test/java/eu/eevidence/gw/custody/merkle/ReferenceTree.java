package eu.eevidence.gw.custody.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately naive RFC 6962 section 2.1 tree over a list of entries, written from the RFC's recursive
 * definitions only (MTH, PATH, PROOF/SUBPROOF), sharing no code with the library. Memoised MTH keeps it fast.
 */
final class ReferenceTree {

    private final List<byte[]> entries;
    private final Map<Long, byte[]> memo = new HashMap<>();

    ReferenceTree(List<byte[]> entries) {
        this.entries = entries;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    byte[] mth(int a, int b) {
        long key = ((long) a << 32) | b;
        byte[] m = memo.get(key);
        if (m != null) {
            return m;
        }
        int n = b - a;
        if (n == 0) {
            m = sha256();
        } else if (n == 1) {
            m = sha256(new byte[] {0}, entries.get(a));
        } else {
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            m = sha256(new byte[] {1}, mth(a, a + k), mth(a + k, b));
        }
        memo.put(key, m);
        return m;
    }

    List<byte[]> path(int m, int a, int b) {
        int n = b - a;
        List<byte[]> out = new ArrayList<>();
        if (n == 1) {
            return out;
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        if (m < k) {
            out.addAll(path(m, a, a + k));
            out.add(mth(a + k, b));
        } else {
            out.addAll(path(m - k, a + k, b));
            out.add(mth(a, a + k));
        }
        return out;
    }

    List<byte[]> proof(int m, int n) {
        return subproof(m, 0, n, true);
    }

    private List<byte[]> subproof(int m, int a, int b, boolean whole) {
        int n = b - a;
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!whole) {
                out.add(mth(a, b));
            }
            return out;
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        if (m <= k) {
            out.addAll(subproof(m, a, a + k, whole));
            out.add(mth(a + k, b));
        } else {
            out.addAll(subproof(m - k, a + k, b, false));
            out.add(mth(a, a + k));
        }
        return out;
    }
}
