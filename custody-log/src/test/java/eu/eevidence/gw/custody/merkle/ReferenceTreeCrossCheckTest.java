package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The library against the naive reference tree, for every tree size 1..300. */
class ReferenceTreeCrossCheckTest {

    private static final int MAX = 300;
    private static List<byte[]> entries;
    private static ReferenceTree ref;
    private static TreeHashes tree;

    @BeforeAll
    static void build() {
        Random r = new Random(6962);
        entries = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            byte[] e = new byte[1 + r.nextInt(40)];
            r.nextBytes(e);
            entries.add(e);
        }
        ref = new ReferenceTree(entries);
        tree = new TreeHashes();
        for (byte[] e : entries) {
            tree.appendLeafHash(Rfc6962.leafHash(e));
        }
    }

    @Test
    void rootsMatchForEverySize() throws CustodyException {
        assertThat(MerkleTrees.root(tree, 0)).isEqualTo(ReferenceTree.sha256());
        for (int n = 1; n <= MAX; n++) {
            assertThat(MerkleTrees.root(tree, n)).as("root of size %d", n).isEqualTo(ref.mth(0, n));
        }
    }

    @Test
    void everyInclusionProofMatchesAndVerifiesAndWrongOnesFail() throws CustodyException {
        for (int n = 1; n <= MAX; n++) {
            byte[] root = ref.mth(0, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTrees.inclusionProof(tree, m, n);
                assertThat(proof).as("path %d of %d", m, n).usingElementComparator(ReferenceTreeCrossCheckTest::cmp).containsExactlyElementsOf(ref.path(m, 0, n));
                byte[] leaf = Rfc6962.leafHash(entries.get(m));
                assertThat(ProofVerifier.verifyInclusion(m, n, leaf, proof, root).ok()).isTrue();
                if (n > 1) {
                    assertThat(ProofVerifier.verifyInclusion((m + 1) % n, n, leaf, proof, root).ok()).as("wrong index %d of %d", m, n).isFalse();
                    assertThat(ProofVerifier.verifyInclusion(m, n, Rfc6962.leafHash("x".getBytes(StandardCharsets.US_ASCII)), proof, root).ok()).isFalse();
                }
            }
        }
    }

    @Test
    void consistencyProofsMatchAndVerifyForManyPairs() throws CustodyException {
        int checked = 0;
        for (int n = 1; n <= MAX; n++) {
            int step = n <= 100 ? 1 : 7;
            for (int m = 0; m <= n; m += step) {
                List<byte[]> proof = MerkleTrees.consistencyProof(tree, m, n);
                List<byte[]> want = (m == 0 || m == n) ? List.of() : ref.proof(m, n);
                assertThat(proof).as("proof %d -> %d", m, n).usingElementComparator(ReferenceTreeCrossCheckTest::cmp).containsExactlyElementsOf(want);
                assertThat(ProofVerifier.verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n), proof).ok()).as("%d -> %d", m, n).isTrue();
                if (m > 0 && m < n) {
                    if (m > 1) {
                        assertThat(ProofVerifier.verifyConsistency(m, n, ref.mth(0, m - 1), ref.mth(0, n), proof).ok()).as("wrong first root %d -> %d", m, n).isFalse();
                    }
                    assertThat(ProofVerifier.verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n - 1), proof).ok()).isFalse();
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5000);
    }

    private static int cmp(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
