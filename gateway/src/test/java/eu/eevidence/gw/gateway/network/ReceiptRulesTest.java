package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The requester's rules for a peer's DELIVERED / RETRIEVED evidence (ADR-0016), refusals first. */
class ReceiptRulesTest {

    private static final String SHA = "ab".repeat(32);
    private static final Instant AT = Instant.parse("2026-11-25T02:00:00Z");
    @TempDir
    static Path dir;
    static PeerSpec ie;

    @BeforeAll
    static void peer() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        KeyMaterial key = pki.issue(new IssueRequest("node ie", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        ie = new PeerSpec(new NodeIdentity("ie-247", "IE", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"), key.certificate(), Set.of());
    }

    private static NetworkReceipt evidence(NetworkReceipt.Evidence kind, String messageId, String sha, String sender, String issuer) {
        return new NetworkReceipt(kind, "RCPT-1", messageId, sha, sender, issuer, AT, null, null, "the review queue of the 24/7 contact point of IE");
    }

    private static final Optional<ReceiptInbox.Sent> SENT = Optional.of(new ReceiptInbox.Sent("REQ-1", "ie-247", SHA));

    private static String code(NetworkReceipt r, Optional<ReceiptInbox.Sent> sent) {
        return ReceiptInbox.check(r, ie, "fr-247", sent).map(ReceiptInbox.Refusal::code).orElse("OK");
    }

    @Test
    void aHopReceiptIsNotAnEvidenceAfterTheHop() {
        NetworkReceipt accepted = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, "RCPT-1", "fr-247:REQ-1", SHA, "fr-247", "ie-247",
                AT, null, null);
        assertThat(code(accepted, SENT)).isEqualTo("EEG-REM-KIND");
    }

    @Test
    void anEvidenceIssuedByAnotherNodeOrAboutAnotherNodesMessageIsRefused() {
        assertThat(code(evidence(NetworkReceipt.Evidence.DELIVERED, "fr-247:REQ-1", SHA, "fr-247", "nl-247"), SENT)).isEqualTo("EEG-REM-ISSUER");
        assertThat(code(evidence(NetworkReceipt.Evidence.DELIVERED, "fr-247:REQ-1", SHA, "nl-247", "ie-247"), SENT)).isEqualTo("EEG-REM-ISSUER");
    }

    @Test
    void anEvidenceAboutAMessageThisNodeDidNotSendToThatPeerIsRefused() {
        NetworkReceipt r = evidence(NetworkReceipt.Evidence.RETRIEVED, "fr-247:REQ-9", SHA, "fr-247", "ie-247");
        assertThat(code(r, Optional.empty())).isEqualTo("EEG-REM-UNKNOWN-MESSAGE");
        assertThat(code(r, Optional.of(new ReceiptInbox.Sent("REQ-9", "nl-247", SHA)))).isEqualTo("EEG-REM-UNKNOWN-MESSAGE");
    }

    @Test
    void anEvidenceAboutOtherBytesIsAMismatch() {
        assertThat(code(evidence(NetworkReceipt.Evidence.DELIVERED, "fr-247:REQ-1", "cd".repeat(32), "fr-247", "ie-247"), SENT))
                .isEqualTo("EEG-REM-MISMATCH");
    }

    @Test
    void idsThatCannotBeStoredAreMalformed() {
        NetworkReceipt r = new NetworkReceipt(NetworkReceipt.Evidence.DELIVERED, "RCPT 1\n", "fr-247:REQ-1", SHA, "fr-247", "ie-247", AT, null, null, null);
        Optional<ReceiptInbox.Refusal> refusal = ReceiptInbox.check(r, ie, "fr-247", SENT);
        assertThat(refusal).map(ReceiptInbox.Refusal::status).contains(400);
        assertThat(refusal).map(ReceiptInbox.Refusal::code).contains("EEG-REM-MALFORMED");
    }

    @Test
    void aDeliveredAndARetrievedEvidenceOfTheMessageSentAreAccepted() {
        assertThat(code(evidence(NetworkReceipt.Evidence.DELIVERED, "fr-247:REQ-1", SHA, "fr-247", "ie-247"), SENT)).isEqualTo("OK");
        assertThat(code(evidence(NetworkReceipt.Evidence.RETRIEVED, "fr-247:REQ-1", SHA, "fr-247", "ie-247"), SENT)).isEqualTo("OK");
        assertThat(ReceiptInbox.timelineText(evidence(NetworkReceipt.Evidence.DELIVERED, "fr-247:REQ-1", SHA, "fr-247", "ie-247"), ie, null))
                .startsWith("DELIVERED: in the review queue of IE's 24/7 contact point");
        assertThat(ReceiptInbox.timelineText(evidence(NetworkReceipt.Evidence.RETRIEVED, "fr-247:REQ-1", SHA, "fr-247", "ie-247"), ie, null))
                .startsWith("RETRIEVED: opened by IE's 24/7 contact point at 2026-11-25T02:00:00Z");
    }

    @Test
    void theRecipientTravelsInTheJsonOnlyWhenThereIsOne() throws Exception {
        NetworkReceipt hop = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, "RCPT-1", "m-1", SHA, "fr-247", "ie-247", AT, null, null);
        assertThat(new String(hop.toJson(), StandardCharsets.UTF_8)).doesNotContain("recipient");
        NetworkReceipt delivered = evidence(NetworkReceipt.Evidence.DELIVERED, "fr-247:REQ-1", SHA, "fr-247", "ie-247");
        assertThat(NetworkReceipt.fromJson(delivered.toJson())).isEqualTo(delivered);
        assertThat(NetworkReceipt.fromJson(hop.toJson())).isEqualTo(hop);
    }

    @Test
    void thePeersAnswerToAnEvidenceIsClassified() {
        assertThat(PeerAdapter.classifyEvidence(422, "{\"code\":\"EEG-REM-MISMATCH\",\"detail\":\"other bytes\"}".getBytes(StandardCharsets.UTF_8),
                "RCPT-1", AT, null)).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-REM-MISMATCH"));
        assertThat(PeerAdapter.classifyEvidence(422, "<html>".getBytes(StandardCharsets.UTF_8), "RCPT-1", AT, null))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-REM-REFUSED"));
        assertThat(PeerAdapter.classifyEvidence(503, new byte[0], "RCPT-1", AT, null)).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
        assertThat(PeerAdapter.classifyEvidence(403, new byte[0], "RCPT-1", AT, null))
                .isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-NET-HTTP-403"));
        assertThat(PeerAdapter.classifyEvidence(200, "{}".getBytes(StandardCharsets.UTF_8), "RCPT-1", AT, null))
                .isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> assertThat(d.receiptId()).isEqualTo("RCPT-1"));
    }
}
