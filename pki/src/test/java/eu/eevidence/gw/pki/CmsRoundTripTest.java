package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.payload;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CmsRoundTripTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static KeyMaterial ecSigner;
    static KeyMaterial rsaSigner;
    static KeyMaterial ecRecipient;
    static KeyMaterial rsaRecipient;
    static KeyMaterial ecOther;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir.resolve("pki"));
        ecSigner = pki.issue(req("ec-signer", Role.CONTACT_POINT, KeyKind.EC_P256));
        rsaSigner = pki.issue(req("rsa-signer", Role.JUDICIAL_AUTHORITY, KeyKind.RSA_3072));
        ecRecipient = pki.issue(req("ec-recipient", Role.NODE, KeyKind.EC_P256));
        rsaRecipient = pki.issue(req("rsa-recipient", Role.NODE, KeyKind.RSA_3072));
        ecOther = pki.issue(req("ec-other", Role.PLATFORM, KeyKind.EC_P256));
    }

    static Stream<Arguments> cases() {
        int[] sizes = {0, 1, 4096, 3 * 1024 * 1024};
        String[] combos = {"EC->EC", "RSA->RSA", "EC->[RSA,EC]", "RSA->[EC,RSA]", "EC->[EC,EC]"};
        return Stream.of(combos).flatMap(c -> java.util.Arrays.stream(sizes).mapToObj(s -> Arguments.of(c, s)));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cases")
    void sealThenOpen(String combo, int size) throws Exception {
        KeyMaterial signer = combo.startsWith("EC") ? ecSigner : rsaSigner;
        List<java.security.cert.X509Certificate> recipients;
        KeyMaterial we;
        switch (combo) {
            case "EC->EC" -> { recipients = List.of(ecRecipient.certificate()); we = ecRecipient; }
            case "RSA->RSA" -> { recipients = List.of(rsaRecipient.certificate()); we = rsaRecipient; }
            case "EC->[RSA,EC]" -> { recipients = List.of(rsaRecipient.certificate(), ecRecipient.certificate()); we = ecRecipient; }
            case "RSA->[EC,RSA]" -> { recipients = List.of(ecRecipient.certificate(), rsaRecipient.certificate()); we = rsaRecipient; }
            default -> { recipients = List.of(ecOther.certificate(), ecRecipient.certificate()); we = ecRecipient; }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CmsProfile profile = new CmsProfile(Clock.fixed(now, java.time.ZoneOffset.UTC));
        byte[] content = payload(size, size * 31L + combo.hashCode());

        byte[] sealed = profile.seal(content, signer, recipients);
        OpenedMessage m = profile.open(sealed, we, TestSupport.trust(pki));

        assertThat(m.content()).isEqualTo(content);
        assertThat(m.signer()).isEqualTo(signer.certificate());
        assertThat(m.signingTime()).isEqualTo(now);
        assertThat(m.signerRoles()).isEqualTo(Role.of(signer.certificate())).hasSize(1);

        // the wire format is the profile: AuthEnvelopedData, AES-256-GCM, 12-byte nonce, 16-byte tag
        ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed));
        assertThat(ci.getContentType()).isEqualTo(CMSObjectIdentifiers.authEnvelopedData);
        AuthEnvelopedData aed = AuthEnvelopedData.getInstance(ci.getContent());
        assertThat(aed.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_aes256_GCM);
        GCMParameters gcm = GCMParameters.getInstance(aed.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getParameters());
        assertThat(gcm.getNonce()).hasSize(12);
        assertThat(gcm.getIcvLen()).isEqualTo(16);
        assertThat(aed.getRecipientInfos().size()).isEqualTo(recipients.size());
    }

    @Test
    void everyRecipientCanOpen() throws Exception {
        CmsProfile profile = new CmsProfile(Clock.systemUTC());
        byte[] content = payload(1000, 7);
        byte[] sealed = profile.seal(content, ecSigner, List.of(ecRecipient.certificate(), rsaRecipient.certificate(), ecOther.certificate()));
        for (KeyMaterial r : List.of(ecRecipient, rsaRecipient, ecOther)) {
            assertThat(profile.open(sealed, r, TestSupport.trust(pki)).content()).isEqualTo(content);
        }
    }

    @Test
    void unwrapSignedDataGivesTheSignedBytesWhetherOrNotTheyCameEncrypted() throws Exception {
        CmsProfile profile = new CmsProfile(Clock.systemUTC());
        byte[] content = payload(500, 3);
        byte[] signed = profile.sign(content, ecSigner);
        assertThat(profile.unwrapSignedData(signed, ecRecipient)).isSameAs(signed);
        byte[] sealed = profile.seal(content, ecSigner, List.of(ecRecipient.certificate(), rsaRecipient.certificate()));
        byte[] inner = profile.unwrapSignedData(sealed, rsaRecipient);
        assertThat(profile.verify(inner, TestSupport.trust(pki)).content()).isEqualTo(content);
        assertThat(TestSupport.errorOf(() -> profile.unwrapSignedData(sealed, ecOther))).isEqualTo(PkiError.NOT_A_RECIPIENT);
        assertThat(TestSupport.errorOf(() -> profile.unwrapSignedData(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, ecRecipient)))
                .isEqualTo(PkiError.MALFORMED_CMS);
    }

    @Test
    void signThenVerify() throws Exception {
        CmsProfile profile = new CmsProfile(Clock.systemUTC());
        for (KeyMaterial s : List.of(ecSigner, rsaSigner)) {
            byte[] content = payload(5000, 3);
            OpenedMessage m = profile.verify(profile.sign(content, s), TestSupport.trust(pki));
            assertThat(m.content()).isEqualTo(content);
            assertThat(m.signer()).isEqualTo(s.certificate());
            assertThat(m.signerRoles()).isEqualTo(Set.copyOf(Role.of(s.certificate())));
        }
    }
}
