package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.witness.Cosignature;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.custody.witness.WitnessPolicy;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The court bundle and the records export checked against an auditor's witness policy (issue 19): the checkpoint is
 * cosigned in the test by witnesses whose keys are generated here.
 */
class BundleWitnessPolicyTest {

    @TempDir
    Path dir;

    private BundleFixture fx;
    private KeyPair k1;
    private KeyPair k2;
    private KeyPair k3;
    private CosignerKey w1;
    private CosignerKey w2;
    private CosignerKey unknown;

    @BeforeEach
    void setUp() throws Exception {
        fx = new BundleFixture(dir);
        k1 = Ed25519.generate();
        k2 = Ed25519.generate();
        k3 = Ed25519.generate();
        w1 = CosignerKey.of("fr-1.example/witness", Ed25519.raw(k1.getPublic()));
        w2 = CosignerKey.of("it-1.example/witness", Ed25519.raw(k2.getPublic()));
        unknown = CosignerKey.of("xx-9.example/witness", Ed25519.raw(k3.getPublic()));
    }

    @AfterEach
    void tearDown() {
        fx.log.close();
    }

    private static String cosign(String note, CosignerKey key, KeyPair pair) {
        try {
            return Cosignature.sign(SignedNote.parse(note).text(), 1_796_000_000L, key, pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private BundleVerifier.Report verify(byte[] bundle, WitnessPolicy policy) throws Exception {
        return new BundleVerifier(fx.trust, null, policy, Clock.systemUTC()).verify(fx.write(dir, "b" + System.nanoTime() + ".zip", bundle));
    }

    private static BundleVerifier.Check cosignatures(BundleVerifier.Report r) {
        return r.checks().stream().filter(c -> c.check().equals("cosignatures")).findFirst().orElseThrow();
    }

    @Test
    void belowTheThresholdTheCosignaturesCheckFailsOnTheCheckpoint() throws Exception {
        BundleVerifier.Report r = verify(fx.bundle(n -> n + cosign(n, w1, k1)), WitnessPolicy.of(List.of(w1, w2), 2));
        assertThat(r.valid()).isFalse();
        assertThat(cosignatures(r).verdict()).isEqualTo(BundleVerifier.Verdict.FAIL);
        assertThat(cosignatures(r).part()).isEqualTo(CourtBundle.CHECKPOINT);
        assertThat(cosignatures(r).detail()).contains("EEG-CUS-", "1 of 2 witnesses cosigned (threshold 2)", "missing  it-1.example/witness");
    }

    @Test
    void aCosignatureByAKeyOutsideThePolicyDoesNotCount() throws Exception {
        BundleVerifier.Report r = verify(fx.bundle(n -> n + cosign(n, unknown, k3)), WitnessPolicy.of(List.of(w1), 1));
        assertThat(r.valid()).isFalse();
        assertThat(cosignatures(r).verdict()).isEqualTo(BundleVerifier.Verdict.FAIL);
        assertThat(cosignatures(r).detail()).contains("0 of 1 witnesses cosigned");
    }

    @Test
    void aTamperedCosignatureLineFailsEvenWhenTheThresholdIsOtherwiseMet() throws Exception {
        BundleVerifier.Report r = verify(fx.bundle(n -> n + tampered(cosign(n, w1, k1)) + cosign(n, w2, k2)), WitnessPolicy.of(List.of(w1, w2), 1));
        assertThat(r.valid()).isFalse();
        assertThat(cosignatures(r).verdict()).isEqualTo(BundleVerifier.Verdict.FAIL);
        assertThat(cosignatures(r).detail()).contains("FAILED", "fr-1.example/witness");
    }

    /** The line's last signature byte flipped (key id and timestamp unchanged, so the line still names the witness). */
    private static String tampered(String line) {
        int sp = line.lastIndexOf(' ');
        byte[] blob = Base64.getDecoder().decode(line.substring(sp + 1).strip());
        blob[blob.length - 1] ^= 0x01;
        return line.substring(0, sp + 1) + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    @Test
    void atTheThresholdTheBundleIsValidAndSaysWhoCosigned() throws Exception {
        BundleVerifier.Report r = verify(fx.bundle(n -> n + cosign(n, w1, k1) + cosign(n, unknown, k3)), WitnessPolicy.of(List.of(w1, w2), 1));
        assertThat(r.failures()).isEmpty();
        assertThat(cosignatures(r).verdict()).isEqualTo(BundleVerifier.Verdict.PASS);
        assertThat(cosignatures(r).detail()).contains("1 of 2 witnesses cosigned (threshold 1)", "cosigned fr-1.example/witness");
    }

    @Test
    void withoutAPolicyTheCosignaturesAreOnlyListed() throws Exception {
        BundleVerifier.Report r = verify(fx.bundle(), null);
        assertThat(r.valid()).isTrue();
        assertThat(cosignatures(r).verdict()).isEqualTo(BundleVerifier.Verdict.INFO);
        assertThat(cosignatures(r).detail()).isEqualTo("none");
    }

    @Test
    void theRecordsExportCarriesTheCosignedCheckpointAndIsCheckedAgainstThePolicy() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        RequestCustody.Witnesses witnesses = () -> {
            rounds.incrementAndGet();
            String note = fx.log.checkpoint().orElseThrow();
            fx.log.addCosignatures(note, List.of(cosign(note, w1, k1), cosign(note, w2, k2)));
        };
        List<eu.eevidence.gw.custody.entry.ExportedRecord> recs = records();
        RequestCustody.Snapshot s = RequestCustody.of(fx.log, id -> recs, BundleFixture.REQ, witnesses);
        RequestCustody.of(fx.log, id -> recs, BundleFixture.REQ, witnesses);
        assertThat(rounds).as("a checkpoint already cosigned is not sent to the witnesses again").hasValue(1);
        byte[] json = BundleAssembler.JSON.writeValueAsBytes(RequestCustody.view(s));

        BundleVerifier.Report met = BundleVerifier.verifyRecords(json, s.key(), WitnessPolicy.of(List.of(w1, w2), 2));
        assertThat(met.failures()).isEmpty();
        assertThat(cosignatures(met).detail()).contains("2 of 2 witnesses cosigned");

        CosignerKey other = CosignerKey.of("de-2.example/witness", Ed25519.raw(Ed25519.generate().getPublic()));
        BundleVerifier.Report notMet = BundleVerifier.verifyRecords(json, s.key(), WitnessPolicy.of(List.of(w1, other), 2));
        assertThat(notMet.valid()).isFalse();
        assertThat(cosignatures(notMet).detail()).contains("missing  de-2.example/witness");
        String plain = new String(json, StandardCharsets.UTF_8);
        assertThat(plain).contains("fr-1.example/witness", "it-1.example/witness");
    }

    private List<eu.eevidence.gw.custody.entry.ExportedRecord> records() throws Exception {
        return new ArrayList<>(fx.snapshot().records().stream().map(RequestCustody.Proven::record).toList());
    }
}
