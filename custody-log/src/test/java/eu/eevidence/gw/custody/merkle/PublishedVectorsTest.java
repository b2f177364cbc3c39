package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published RFC 6962 test data: the 8-leaf reference tree of Certificate Transparency, as carried by
 * transparency-dev/merkle {@code proof/verify_test.go} (leaves, roots of sizes 1..8, inclusion and consistency
 * proofs) and its {@code testdata/inclusion/*} probes (e.g. {@code 0/leafIdx---1.json}: leafIdx 2^64-1).
 */
class PublishedVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

    static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    /** {leaf (1-based), size, proof...} */
    static final String[][] INCLUSION = {
            {"1", "1"},
            {"1", "8", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
            {"6", "8", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
            {"3", "3", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"},
            {"2", "5", "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}};

    /** {size1, size2, proof...} */
    static final String[][] CONSISTENCY = {
            {"1", "1"},
            {"1", "8", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
            {"6", "8", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
            {"2", "5", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
            {"6", "7", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}};

    static TreeHashes tree() {
        TreeHashes t = new TreeHashes();
        for (String l : LEAVES) {
            t.appendLeafHash(Rfc6962.leafHash(HEX.parseHex(l)));
        }
        return t;
    }

    static List<byte[]> hashes(String[] row, int from) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < row.length; i++) {
            out.add(HEX.parseHex(row[i]));
        }
        return out;
    }

    @Test
    void emptyTreeAndLeafHashes() {
        assertThat(HEX.formatHex(Rfc6962.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(Rfc6962.leafHash(new byte[0]))).isEqualTo(ROOTS[0]);
    }

    @Test
    void rootsOfTheReferenceTree() throws CustodyException {
        TreeHashes t = tree();
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(MerkleTrees.root(t, n))).as("size %d", n).isEqualTo(ROOTS[n - 1]);
        }
    }

    @Test
    void inclusionProofsAreGeneratedAndVerified() throws CustodyException {
        TreeHashes t = tree();
        for (String[] v : INCLUSION) {
            long index = Long.parseLong(v[0]) - 1;
            long size = Long.parseLong(v[1]);
            List<byte[]> proof = hashes(v, 2);
            assertThat(MerkleTrees.inclusionProof(t, index, size)).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(proof);
            byte[] leaf = Rfc6962.leafHash(HEX.parseHex(LEAVES[(int) index]));
            byte[] root = HEX.parseHex(ROOTS[(int) size - 1]);
            assertThat(ProofVerifier.verifyInclusion(index, size, leaf, proof, root).ok()).isTrue();
            // corrupted probes, as in verify_test.go corruptInclusionProof
            assertThat(ProofVerifier.verifyInclusion(index - 1, size, leaf, proof, root).ok()).isFalse();
            assertThat(ProofVerifier.verifyInclusion(index + 1, size, leaf, proof, root).ok()).isFalse();
            assertThat(ProofVerifier.verifyInclusion(index ^ 2, size, leaf, proof, root).ok()).isFalse();
            assertThat(ProofVerifier.verifyInclusion(index, size * 2, leaf, proof, root).ok()).isFalse();
            assertThat(ProofVerifier.verifyInclusion(index, size / 2, leaf, proof, root).ok()).isFalse();
            assertThat(ProofVerifier.verifyInclusion(index, size, leaf, proof, Rfc6962.emptyRoot()).ok()).isFalse();
            List<byte[]> trailing = new ArrayList<>(proof);
            trailing.add(root);
            assertThat(ProofVerifier.verifyInclusion(index, size, leaf, trailing, root).ok()).isFalse();
            List<byte[]> preceding = new ArrayList<>(proof);
            preceding.add(0, root);
            assertThat(ProofVerifier.verifyInclusion(index, size, leaf, preceding, root).ok()).isFalse();
            for (int i = 0; i < proof.size(); i++) {
                List<byte[]> flipped = new ArrayList<>(proof);
                byte[] f = proof.get(i).clone();
                f[0] ^= 8;
                flipped.set(i, f);
                assertThat(ProofVerifier.verifyInclusion(index, size, leaf, flipped, root).ok()).isFalse();
            }
            if (!proof.isEmpty()) {
                assertThat(ProofVerifier.verifyInclusion(index, size, leaf, proof.subList(0, proof.size() - 1), root).ok()).isFalse();
            }
        }
    }

    @Test
    void leafIndexTwoToThe64Minus1IsRejectedNotWrapped() {
        // transparency-dev/merkle testdata/inclusion/0/leafIdx---1.json
        byte[] h = Base64.getDecoder().decode("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=");
        long leafIdx = Long.parseUnsignedLong("18446744073709551615");
        Verdict v = ProofVerifier.verifyInclusion(leafIdx, 1, h, List.of(), h);
        assertThat(v.ok()).isFalse();
        assertThat(((Verdict.Invalid) v).code()).isEqualTo(CustodyError.RANGE);
        assertThat(ProofVerifier.verifyInclusion(0, 1, h, List.of(), h).ok()).isTrue();
        assertThat(ProofVerifier.verifyInclusion(0, Long.parseUnsignedLong("18446744073709551615"), h, List.of(), h).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(Long.parseUnsignedLong("18446744073709551615"), 1, h, h, List.of()).ok()).isFalse();
    }

    @Test
    void consistencyProofsAreGeneratedAndVerified() throws CustodyException {
        TreeHashes t = tree();
        for (String[] v : CONSISTENCY) {
            long m = Long.parseLong(v[0]);
            long n = Long.parseLong(v[1]);
            List<byte[]> proof = hashes(v, 2);
            assertThat(MerkleTrees.consistencyProof(t, m, n)).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(proof);
            byte[] r1 = HEX.parseHex(ROOTS[(int) m - 1]);
            byte[] r2 = HEX.parseHex(ROOTS[(int) n - 1]);
            assertThat(ProofVerifier.verifyConsistency(m, n, r1, r2, proof).ok()).isTrue();
            if (proof.isEmpty()) {
                continue;
            }
            assertThat(ProofVerifier.verifyConsistency(m - 1, n, r1, r2, proof).ok()).isFalse();
            assertThat(ProofVerifier.verifyConsistency(m + 1, n, r1, r2, proof).ok()).isFalse();
            assertThat(ProofVerifier.verifyConsistency(m, n * 2, r1, r2, proof).ok()).isFalse();
            assertThat(ProofVerifier.verifyConsistency(m, n / 2, r1, r2, proof).ok()).isFalse();
            assertThat(ProofVerifier.verifyConsistency(m, n, r2, r1, proof).ok()).isFalse();
            assertThat(ProofVerifier.verifyConsistency(m, n, r1, r2, List.of()).ok()).isFalse();
            List<byte[]> trailing = new ArrayList<>(proof);
            trailing.add(r1);
            assertThat(ProofVerifier.verifyConsistency(m, n, r1, r2, trailing).ok()).isFalse();
            List<byte[]> preceding = new ArrayList<>(proof);
            preceding.add(0, proof.get(0));
            assertThat(ProofVerifier.verifyConsistency(m, n, r1, r2, preceding).ok()).isFalse();
            assertThat(ProofVerifier.verifyConsistency(m, n, r1, r2, proof.subList(0, proof.size() - 1)).ok()).isFalse();
            for (int i = 0; i < proof.size(); i++) {
                List<byte[]> flipped = new ArrayList<>(proof);
                byte[] f = proof.get(i).clone();
                f[0] ^= 16;
                flipped.set(i, f);
                assertThat(ProofVerifier.verifyConsistency(m, n, r1, r2, flipped).ok()).isFalse();
            }
        }
    }

    @Test
    void consistencyEdgeCasesOfVerifyTestGo() {
        byte[] a = ReferenceTree.sha256("a".getBytes());
        byte[] b = ReferenceTree.sha256("b".getBytes());
        byte[] empty = Rfc6962.emptyRoot();
        assertThat(ProofVerifier.verifyConsistency(0, 0, a, b, List.of()).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(1, 1, a, b, List.of()).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 0, a, a, List.of()).ok()).isTrue();
        assertThat(ProofVerifier.verifyConsistency(0, 1, a, b, List.of()).ok()).isTrue();
        assertThat(ProofVerifier.verifyConsistency(1, 1, b, b, List.of()).ok()).isTrue();
        assertThat(ProofVerifier.verifyConsistency(1, 0, a, b, List.of()).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(2, 1, a, b, List.of()).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(1, 2, a, b, List.of()).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 0, empty, empty, List.of(empty)).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 1, empty, empty, List.of(empty)).ok()).isFalse();
        assertThat(ProofVerifier.verifyConsistency(1, 1, empty, empty, List.of(empty)).ok()).isFalse();
        assertThat(ProofVerifier.verifyInclusion(0, 1, a, List.of(), new byte[0]).ok()).isFalse();
        assertThat(ProofVerifier.verifyInclusion(0, 1, new byte[0], List.of(), a).ok()).isFalse();
        assertThat(ProofVerifier.verifyInclusion(0, 0, a, List.of(), empty).ok()).isFalse();
        assertThat(ProofVerifier.verifyInclusion(1, 0, a, List.of(), empty).ok()).isFalse();
        assertThat(ProofVerifier.verifyInclusion(2, 1, a, List.of(), empty).ok()).isFalse();
    }
}
