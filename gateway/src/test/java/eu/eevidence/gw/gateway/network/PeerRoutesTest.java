package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.PartyKind;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerRoutesTest {

    @TempDir
    static Path dir;
    static KeyMaterial key;
    static EvidenceRequest art29;

    static final NodeIdentity FR = new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7);

    @BeforeAll
    static void setUp() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        key = pki.issue(new IssueRequest("node", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        try (InputStream in = PeerRoutesTest.class.getResourceAsStream("/demo/art29-preservation.json")) {
            art29 = ((DecodeResult.Valid) new JsonCodec().decodeRequest(in.readAllBytes())).request(); // requestedParty IE
        }
    }

    private static PeerSpec peer(String id, String country, Set<String> types) {
        return new PeerSpec(new NodeIdentity(id, country, NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"), key.certificate(), types);
    }

    @Test
    void aRequestNamingNoKnownPlatformGoesToThePeerOfTheRequestedParty() {
        PeerRoutes routes = new PeerRoutes(FR, List.of(peer("de-247", "DE", Set.of()), peer("ie-247", "IE", Set.of())));
        assertEquals("ie-247", routes.route(null, art29, false).orElseThrow().nodeId());
        assertTrue(routes.route(null, art29, true).isEmpty(), "a platform this node knows is delivered to directly");
        assertEquals("IE", PeerRoutes.requestedParty(art29));
    }

    @Test
    void noPeerForThePartyOrTheTypeAndNeverOurOwnParty() {
        PeerRoutes routes = new PeerRoutes(FR, List.of(peer("ie-247", "IE", Set.of("EU_EPOC"))));
        assertTrue(routes.forParty("IE", "BUDAPEST_ART29_PRESERVATION").isEmpty());
        assertTrue(routes.forParty("DE", "EU_EPOC").isEmpty());
        assertTrue(routes.forParty("FR", "EU_EPOC").isEmpty());
        assertEquals("ie-247", routes.forParty("IE", "EU_EPOC").orElseThrow().nodeId());
    }

    @Test
    void theWrappedEnvelopeIsValidAndNamesBothParties() {
        PeerRoutes routes = new PeerRoutes(FR, List.of(peer("ie-247", "IE", Set.of())));
        PeerSpec ie = routes.byId("ie-247").orElseThrow();
        Envelope e = routes.wrap(art29, routes.messageIdFor("REQ-01JDX0000000000000000000AA"), ie, OffsetDateTime.of(2026, 11, 25, 3, 0, 0, 0, ZoneOffset.UTC));
        assertEquals(List.of(), new MessageCatalogue().validate(e));
        assertEquals("fr-247:REQ-01JDX0000000000000000000AA", e.messageId());
        assertEquals(PartyKind.CONTACT_POINT_24_7, e.sender().kind());
        assertEquals("IE", e.receiver().country());
        assertEquals("ie-247", e.receiver().id());
    }

    @Test
    void badConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PeerRoutes(FR, List.of(peer("fr-247", "FR", Set.of()))));
        assertThrows(IllegalArgumentException.class, () -> new PeerRoutes(FR, List.of(peer("ie-247", "IE", Set.of()), peer("ie-247", "IE", Set.of()))));
    }

    @Test
    void headersReachLogsPrintable() {
        assertEquals("a?b", PeerRoutes.printable("a\nb"));
        assertEquals(64, PeerRoutes.printable("x".repeat(500)).length());
    }

    @Test
    void peersAreDestinationsOfTheGatewayNodeKind() {
        PeerRoutes routes = new PeerRoutes(FR, List.of(peer("ie-247", "IE", Set.of())));
        assertEquals(PeerRoutes.ADAPTER_KIND, routes.destinations(null).get(0).adapterKind());
        assertEquals(URI.create("https://peer.example/api/v1/network/messages"), PeerAdapter.messagesUri(URI.create("https://peer.example/")));
    }
}
