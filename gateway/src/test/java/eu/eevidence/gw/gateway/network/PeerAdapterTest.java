package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
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

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The sending side's reading of a peer's answer: only a verified receipt about exactly this message counts. */
class PeerAdapterTest {

    private static final String SHA = "cd".repeat(32);
    private static final CmsProfile CMS = new CmsProfile(Clock.systemUTC());
    @TempDir
    static Path dir;
    static KeyMaterial nodeB;
    static KeyMaterial nodeC;
    static PeerSpec peerB;
    static PeerAdapter adapter;

    @BeforeAll
    static void keys() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        nodeB = pki.issue(new IssueRequest("node b", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        nodeC = pki.issue(new IssueRequest("node c", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        peerB = new PeerSpec(new NodeIdentity("b-247", "IE", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1"), nodeB.certificate(), Set.of());
        adapter = new PeerAdapter("a-247", id -> Optional.of(peerB), CMS, trust.requiringRole(Role.NODE));
    }

    private static byte[] receipt(NetworkReceipt.Evidence evidence, String code, KeyMaterial by, String messageId, String sender) throws Exception {
        return new NetworkReceipt(evidence, "rcpt-1", messageId, SHA, sender, "b-247", Instant.parse("2026-11-25T10:00:00Z"), code,
                code == null ? null : "because").sign(CMS, by);
    }

    @Test
    void anAcceptedReceiptOfThePeerIsADelivery() throws Exception {
        byte[] r = receipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, null, nodeB, "msg-00000001", "a-247");
        DeliveryOutcome.Delivered d = assertInstanceOf(DeliveryOutcome.Delivered.class, adapter.classify(200, r, peerB, "msg-00000001", SHA, null));
        assertEquals("rcpt-1", d.receiptId());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), d.receivedAt());
        assertArrayEquals(r, d.receiptBody());
    }

    @Test
    void aRejectedReceiptIsARejectionWithThePeersCode() throws Exception {
        byte[] r = receipt(NetworkReceipt.Evidence.SUBMISSION_REJECTED, "EEG-NET-NOT-FOR-US", nodeB, "msg-00000001", "a-247");
        DeliveryOutcome.Rejected rej = assertInstanceOf(DeliveryOutcome.Rejected.class, adapter.classify(422, r, peerB, "msg-00000001", SHA, null));
        assertEquals("EEG-NET-NOT-FOR-US", rej.code());
        assertEquals(422, rej.httpStatus());
    }

    @Test
    void anythingElseIsRetried() throws Exception {
        byte[] good = receipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, null, nodeB, "msg-00000001", "a-247");
        assertEquals("EEG-NET-RECEIPT-SIGNER", retry(adapter.classify(200, receipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, null, nodeC,
                "msg-00000001", "a-247"), peerB, "msg-00000001", SHA, null)));
        assertEquals("EEG-NET-RECEIPT-MISMATCH", retry(adapter.classify(200, good, peerB, "msg-00000002", SHA, null)));
        assertEquals("EEG-NET-RECEIPT-MISMATCH", retry(adapter.classify(200, receipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, null, nodeB,
                "msg-00000001", "x-247"), peerB, "msg-00000001", SHA, null)));
        assertEquals("EEG-NET-RECEIPT-UNEXPECTED", retry(adapter.classify(422, good, peerB, "msg-00000001", SHA, null)));
        assertEquals("EEG-NET-RECEIPT-SIGNATURE", retry(adapter.classify(200, "not a receipt".getBytes(), peerB, "msg-00000001", SHA, null)));
        assertEquals("EEG-DLV-HTTP-503", retry(adapter.classify(503, new byte[0], peerB, "msg-00000001", SHA, null)));
        assertEquals("EEG-DLV-HTTP-429", retry(adapter.classify(429, new byte[0], peerB, "msg-00000001", SHA, null)));
        assertEquals("EEG-NET-HTTP-403", retry(adapter.classify(403, new byte[0], peerB, "msg-00000001", SHA, null)));
    }

    private static String retry(DeliveryOutcome o) {
        return assertInstanceOf(DeliveryOutcome.RetryableFailure.class, o).code();
    }
}
