package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiving half of the transfer: only a stream encrypted for this node and signed by exactly the peer's node
 * certificate releases its content; anything else releases nothing (ADR-0017).
 */
class EvidenceTransferClientTest {

    static KeyMaterial a;
    static KeyMaterial b;
    static KeyMaterial rogue;
    static KeyMaterial platform;
    static PeerSpec peerB;
    static PeerEvidenceClient client;
    static final CmsProfile CMS = new CmsProfile(Clock.systemUTC());
    static final byte[] CONTENT = new byte[300_000];

    @BeforeAll
    static void keys(@TempDir Path dir) throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        a = pki.issue(new IssueRequest("node fr-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        b = pki.issue(new IssueRequest("node ie-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        rogue = pki.issue(new IssueRequest("node xx-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        platform = pki.issue(new IssueRequest("platform", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        peerB = new PeerSpec(new NodeIdentity("ie-247", "IE", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"), b.certificate(), Set.of());
        client = new PeerEvidenceClient("fr-247", CMS.withSpoolDirectory(dir), a, trust, null);
        new Random(7).nextBytes(CONTENT);
    }

    static byte[] protect(byte[] content, KeyMaterial signer, KeyMaterial recipient) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CMS.protect(new ByteArrayInputStream(content), out, signer, List.of(recipient.certificate()));
        return out.toByteArray();
    }

    @Test
    void aStreamSignedByAnotherNodeIsRefusedAndReleasesNothing() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FetchOutcome o = client.open(new ByteArrayInputStream(protect(CONTENT, rogue, a)), 1 << 24, peerB, sink);
        assertThat(o).isInstanceOf(FetchOutcome.Failed.class);
        assertThat(((FetchOutcome.Failed) o).code()).isEqualTo(TransferCodes.SIGNER);
        assertThat(((FetchOutcome.Failed) o).retryable()).isFalse();
        assertThat(sink.size()).isZero();
    }

    @Test
    void aStreamSignedByANonNodeCertificateIsRefused() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FetchOutcome o = client.open(new ByteArrayInputStream(protect(CONTENT, platform, a)), 1 << 24, peerB, sink);
        assertThat(((FetchOutcome.Failed) o).code()).isIn(TransferCodes.SIGNER, TransferCodes.UNREADABLE);
        assertThat(sink.size()).isZero();
    }

    @Test
    void anAlteredOrCutStreamIsUnreadableAndRetried() throws Exception {
        byte[] p = protect(CONTENT, b, a);
        byte[] altered = p.clone();
        altered[altered.length / 2] ^= 1;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FetchOutcome o = client.open(new ByteArrayInputStream(altered), 1 << 24, peerB, sink);
        assertThat(((FetchOutcome.Failed) o).code()).isEqualTo(TransferCodes.UNREADABLE);
        assertThat(((FetchOutcome.Failed) o).retryable()).isTrue();
        assertThat(sink.size()).isZero();

        FetchOutcome cut = client.open(new ByteArrayInputStream(p, 0, p.length - 100), 1 << 24, peerB, sink);
        assertThat(((FetchOutcome.Failed) cut).code()).isEqualTo(TransferCodes.UNREADABLE);
        assertThat(sink.size()).isZero();
    }

    @Test
    void aStreamForAnotherNodeIsUnreadable() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FetchOutcome o = client.open(new ByteArrayInputStream(protect(CONTENT, b, rogue)), 1 << 24, peerB, sink);
        assertThat(((FetchOutcome.Failed) o).code()).isEqualTo(TransferCodes.UNREADABLE);
        assertThat(sink.size()).isZero();
    }

    @Test
    void aStreamLongerThanTheItemAllowsIsCutOff() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FetchOutcome o = client.open(new ByteArrayInputStream(protect(CONTENT, b, a)), 1000, peerB, sink);
        assertThat(((FetchOutcome.Failed) o).code()).isEqualTo(TransferCodes.TOO_LARGE);
        assertThat(sink.size()).isZero();
    }

    @Test
    void thePeersStreamReleasesTheContentWithItsHash() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FetchOutcome o = client.open(new ByteArrayInputStream(protect(CONTENT, b, a)), PeerEvidenceClient.maxProtectedBytes(CONTENT.length), peerB, sink);
        assertThat(o).isInstanceOf(FetchOutcome.Fetched.class);
        assertThat(sink.toByteArray()).isEqualTo(CONTENT);
        assertThat(((FetchOutcome.Fetched) o).sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)));
        assertThat(PeerEvidenceClient.uriOf(peerB, "fr-247:REQ-1", "item/1").toString()).isEqualTo("https://127.0.0.1:1/api/v1/network/evidence/fr-247:REQ-1/item/1");
    }
}
