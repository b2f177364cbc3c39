package eu.eevidence.gw.gateway.action;

import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.schema.RemovalHash;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.schema.ContentHashList;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hash lists (ADR-0038): which channels carry them, the order's hashes, the distance setting; negative cases first. */
class HashListsTest {

    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static RequestRecord removalTo(String platform, RequestState state) {
        return new RequestRecord("REQ-01JD0000000000000000000000", "CONTENT_REMOVAL_ORDER", platform, "IE", state, "fp", "k", "b", "s",
                Instant.EPOCH, Instant.EPOCH, 1, "RCPT-1", null, null, null, null, null, null, 0);
    }

    @TempDir
    static Path dir;
    static X509Certificate cert;

    @BeforeAll
    static void issue() throws Exception {
        cert = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC())
                .issue(new IssueRequest("p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true)).certificate();
    }

    /** The adapters found at run time (json-portal, etsi-103120, etsi-104144), as on a node. */
    private static FollowUps followUps(Platform... platforms) {
        return new FollowUps(new PlatformRoutes(List.of(platforms)), null, AdapterRegistry.load(), null);
    }

    private static Platform platform(String id, String kind, Map<String, String> settings) {
        return new Platform(id, kind, URI.create("https://p.invalid/"), cert, null, settings);
    }

    @Test
    void aChannelWithoutTheOperationIsRefusedWithItsOwnCode() {
        FollowUps f = followUps(platform("eev", "etsi-104144", Map.of()), platform("hi1", "etsi-103120", Map.of()));
        for (String p : new String[] {"eev", "hi1"}) {
            ActionResult.Rejected r = f.refusal(removalTo(p, RequestState.DELIVERED), FollowUpType.HASH_LIST).orElseThrow();
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.code()).isEqualTo("EEG-ACT-HASH-LIST-UNSUPPORTED");
            assertThat(r.message()).contains("etsi-10", "nothing was stored");
        }
    }

    @Test
    void aPeerNodeIsRefusedForWantOfARecordedAgreement() {
        FollowUps f = followUps(platform("ie-node", PeerRoutes.ADAPTER_KIND, Map.of()));
        ActionResult.Rejected r = f.refusal(removalTo("ie-node", RequestState.DELIVERED), FollowUpType.HASH_LIST).orElseThrow();
        assertThat(r.code()).isEqualTo("EEG-ACT-HASH-LIST-UNSUPPORTED");
        assertThat(r.message()).contains("agreement");
        assertThat(FollowUpType.HASH_LIST.travelsToPeers()).isFalse();
    }

    @Test
    void aPeerNodeWithoutTheAgreementInTheDirectoryIsRefusedAndOneWithItCarriesTheList() {
        PeerSpec without = peer("de-247", "DE", false);
        PeerSpec with = peer("ie-247", "IE", true);
        PeerRoutes peers = new PeerRoutes(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), List.of(without, with));
        FollowUps f = new FollowUps(new PlatformRoutes(List.of(PeerRoutes.destination(without, null), PeerRoutes.destination(with, null))), peers,
                AdapterRegistry.load(), null);
        ActionResult.Rejected r = f.refusal(removalTo("de-247", RequestState.DELIVERED), FollowUpType.HASH_LIST).orElseThrow();
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("EEG-ACT-HASH-LIST-UNSUPPORTED");
        assertThat(r.message()).contains("agreement", "nothing was stored");
        assertThat(f.refusal(removalTo("ie-247", RequestState.DELIVERED), FollowUpType.HASH_LIST)).isEmpty();
        // the agreement is for hash lists only: correspondence still has no catalogue message
        assertThat(f.refusal(removalTo("ie-247", RequestState.DELIVERED), FollowUpType.CORRESPONDENCE).orElseThrow().code())
                .isEqualTo("EEG-ACT-FOLLOW-UP-UNSUPPORTED");
    }

    @Test
    void toAPeerTheListIsACatalogueContentHashListWithItsHashesAndDistance() {
        FollowUps.Draft draft = new FollowUps.Draft(null, null, null, Map.of("hashes", List.of(Map.of("algorithm", "PDQ", "value", PDQ),
                Map.of("algorithm", "SHA256", "value", SHA)), "matchDistance", 20));
        ContentHashList list = (ContentHashList) FollowUps.catalogueBody(FollowUpType.HASH_LIST, draft, OffsetDateTime.now(ZoneOffset.UTC));
        assertThat(list.hashes()).extracting(RemovalHash::value).containsExactly(PDQ, SHA);
        assertThat(list.hashes()).extracting(RemovalHash::algorithm).containsExactly(RemovalHash.Algorithm.PDQ, RemovalHash.Algorithm.SHA256);
        assertThat(list.matchDistance()).isEqualTo(20);
        assertThat(draft.toString()).doesNotContain(PDQ, SHA);
    }

    private static PeerSpec peer(String id, String country, boolean agreement) {
        return new PeerSpec(new NodeIdentity(id, country, NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"), cert, Set.of())
                .withHashLists(agreement);
    }

    @Test
    void aWithdrawnOrderTakesNoHashList() {
        FollowUps f = followUps(platform("portal", "json-portal", Map.of()));
        assertThat(f.refusal(removalTo("portal", RequestState.WITHDRAWN), FollowUpType.HASH_LIST).orElseThrow().code())
                .isEqualTo("EEG-ACT-FOLLOW-UP-WITHDRAWN");
    }

    @Test
    void theJsonPortalAndTheManualHandOffCarryIt() {
        FollowUps f = followUps(platform("portal", "json-portal", Map.of()), platform("paper", "manual-pdf", Map.of()));
        assertThat(f.refusal(removalTo("portal", RequestState.REMOVED), FollowUpType.HASH_LIST)).isEmpty();
        assertThat(f.refusal(removalTo("paper", RequestState.REMOVED), FollowUpType.HASH_LIST)).isEmpty();
    }

    @Test
    void aMalformedDistanceSettingFallsBackToTheDefaultAndAPlatformMaySetItsOwn() {
        FollowUps f = followUps(platform("strict", "json-portal", Map.of(HashLists.SETTING_MATCH_DISTANCE, "20")),
                platform("typo", "json-portal", Map.of(HashLists.SETTING_MATCH_DISTANCE, "99")),
                platform("words", "json-portal", Map.of(HashLists.SETTING_MATCH_DISTANCE, "thirty")),
                platform("plain", "json-portal", Map.of()));
        HashLists lists = new HashLists(null, f, null, null, null, HashLists.DEFAULT_MATCH_DISTANCE);
        assertThat(lists.distanceFor(removalTo("typo", RequestState.DELIVERED))).isEqualTo(31);
        assertThat(lists.distanceFor(removalTo("words", RequestState.DELIVERED))).isEqualTo(31);
        assertThat(lists.distanceFor(removalTo("strict", RequestState.DELIVERED))).isEqualTo(20);
        assertThat(lists.distanceFor(removalTo("plain", RequestState.DELIVERED))).isEqualTo(31);
        assertThatThrownBy(() -> new HashLists(null, f, null, null, null, 65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrdersHashesAreReadFromTheEnvelopeOrTheBareOrderSkippingMalformedOnes() {
        String items = "\"content\":[{\"locator\":{\"type\":\"URL\",\"value\":\"https://x.example/a\"}},{\"hashes\":[{\"algorithm\":\"PDQ\",\"value\":\""
                + PDQ + "\"},{\"algorithm\":\"SHA256\",\"value\":\"" + SHA + "\"},{\"algorithm\":\"MD5\",\"value\":\"" + SHA
                + "\"},{\"algorithm\":\"PDQ\",\"value\":\"" + PDQ.toUpperCase(java.util.Locale.ROOT) + "\"}]}]";
        List<RemovalHash> expected = List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ), new RemovalHash(RemovalHash.Algorithm.SHA256, SHA));
        assertThat(HashLists.orderHashes(("{\"messageId\":\"m\",\"body\":{" + items + "}}").getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(HashLists.orderHashes(("{" + items + "}").getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(HashLists.orderHashes(new byte[0])).isEmpty();
        assertThat(HashLists.orderHashes("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void theNodeHashesEvidenceImagesOfUsableQualityOnly() throws Exception {
        eu.eevidence.gw.pdq.PdqHasher hasher = new eu.eevidence.gw.pdq.PdqHasher();
        assertThat(HashLists.pdqOf(hasher, "not an image".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        java.io.ByteArrayOutputStream blank = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", blank);
        assertThat(HashLists.pdqOf(hasher, blank.toByteArray())).as("a featureless image (quality 0)").isEmpty();
        // Meta's test image and the Java reference's hash of it (ThreatExchange pdq; copied into the pdq module's tests)
        byte[] bridge = java.nio.file.Files.readAllBytes(Path.of("..", "pdq", "src", "test", "resources", "pdq", "bridge-1-original.jpg"));
        assertThat(HashLists.pdqOf(hasher, bridge)).contains(new RemovalHash(RemovalHash.Algorithm.PDQ,
                "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"));
    }

    @Test
    void noTextOfAHashListShowsAValue() {
        HashLists.Input in = new HashLists.Input(List.of(new RemovalHash(RemovalHash.Algorithm.PDQ, PDQ)), true, false, 31);
        assertThat(in.toString()).doesNotContain(PDQ);
        FollowUps.Draft d = new FollowUps.Draft(null, null, null, Map.of("hashes", List.of(Map.of("value", PDQ))));
        assertThat(d.toString()).doesNotContain(PDQ);
        assertThat(new HashLists.Collected(in.hashes(), 0).toString()).doesNotContain(PDQ);
    }
}
