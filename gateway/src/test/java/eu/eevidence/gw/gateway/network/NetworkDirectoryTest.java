package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static eu.eevidence.gw.gateway.network.DirectoryFixture.node;
import static eu.eevidence.gw.gateway.network.DirectoryFixture.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The directory document, its signature and its lookups: every refusal first, with its stable code. */
class NetworkDirectoryTest {

    @TempDir
    static Path dir;
    static DirectoryFixture f;

    @BeforeAll
    static void keys() throws Exception {
        f = new DirectoryFixture(dir);
    }

    interface Call {
        void run() throws Exception;
    }

    static String code(Call c) {
        NetworkException e = assertThrows(NetworkException.class, c::run);
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception");
        return e.code();
    }

    static String json(NetworkDirectory d) {
        return new String(d.toCanonicalJson(), StandardCharsets.UTF_8);
    }

    static NetworkDirectory withNodes(NetworkDirectory d, List<NetworkDirectory.NodeEntry> nodes) {
        return new NetworkDirectory(d.version(), d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms());
    }

    static NetworkDirectory withPlatforms(NetworkDirectory d, List<NetworkDirectory.PlatformEntry> platforms) {
        return new NetworkDirectory(d.version(), d.issuedAt(), d.validUntil(), d.issuer(), d.nodes(), platforms);
    }

    static List<NetworkDirectory.NodeEntry> plus(List<NetworkDirectory.NodeEntry> nodes, NetworkDirectory.NodeEntry extra) {
        List<NetworkDirectory.NodeEntry> out = new ArrayList<>(nodes);
        out.add(extra);
        return out;
    }

    // ---------------------------------------------------------------------------------------------- signature

    @Test
    void aTamperedDirectoryIsRefusedAsABadSignature() throws Exception {
        byte[] signed = f.sign(f.directory(7));
        byte[] marker = "\"version\":7".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(signed, marker);
        assertThat(at).isPositive();
        signed[at + marker.length - 1] = '8'; // version 7 -> 8 inside the signed content
        assertThat(code(() -> f.verify(signed))).isEqualTo("EEG-DIR-SIGNATURE");
    }

    @Test
    void garbageAndEmptyInputAreRefusedAsABadSignature() {
        assertThat(code(() -> f.verify("{\"version\":1}".getBytes(StandardCharsets.UTF_8)))).isEqualTo("EEG-DIR-SIGNATURE");
        assertThat(code(() -> f.verify(new byte[0]))).isEqualTo("EEG-DIR-SIGNATURE");
    }

    @Test
    void aDirectorySignedByANodeIsRefusedForItsRole() throws Exception {
        byte[] signed = f.sign(f.directory(1), f.be);
        assertThat(code(() -> f.verify(signed))).isEqualTo("EEG-DIR-SIGNER-ROLE");
    }

    @Test
    void aDirectorySignedByAnAuthorityOutsideTheTrustAnchorsIsRefused() throws Exception {
        DevPki rogue = DevPki.loadOrCreate(dir.resolve("rogue"), Clock.systemUTC());
        KeyMaterial rogueAuthority = rogue.issue(DirectoryFixture.req("rogue directory authority", Role.DIRECTORY, false));
        byte[] signed = f.sign(f.directory(1), rogueAuthority);
        assertThat(code(() -> f.verify(signed))).isEqualTo("EEG-DIR-UNTRUSTED");
    }

    @Test
    void signedContentThatIsNotCanonicalIsRefused() throws Exception {
        String pretty = json(f.directory(1)).replace(",\"issuer\"", ", \"issuer\"");
        byte[] signed = f.cms.sign(pretty.getBytes(StandardCharsets.UTF_8), f.authority);
        assertThat(code(() -> f.verify(signed))).isEqualTo("EEG-DIR-NOT-CANONICAL");
    }

    @Test
    void anExpiredDirectoryIsRefusedAtTheInjectedTime() throws Exception {
        byte[] signed = f.sign(f.directory(1));
        assertThat(f.verify(signed).version()).isEqualTo(1);
        assertThat(code(() -> VerifiedDirectory.verify(f.cms, signed, f.trust, f.now.plus(Duration.ofDays(8))))).isEqualTo("EEG-DIR-EXPIRED");
    }

    // ---------------------------------------------------------------------------------------------- document

    @Test
    void malformedJsonIsRefused() {
        assertThat(code(() -> NetworkDirectory.parse("{\"version\":".getBytes(StandardCharsets.UTF_8)))).isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse("[]".getBytes(StandardCharsets.UTF_8)))).isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse("null".getBytes(StandardCharsets.UTF_8)))).isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse(new byte[0]))).isEqualTo("EEG-DIR-MALFORMED");
        String good = json(f.directory(1));
        assertThat(code(() -> NetworkDirectory.parse((good + "{}").getBytes(StandardCharsets.UTF_8)))).isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse(good.replace("\"version\":1", "\"version\":\"1\"").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-MALFORMED");
    }

    @Test
    void aMissingOrNullFieldIsRefused() {
        String good = json(f.directory(1));
        assertThat(code(() -> NetworkDirectory.parse(good.replace("\"issuer\":\"EEG test directory authority\",", "").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse(good.replace("\"issuer\":\"EEG test directory authority\"", "\"issuer\":null")
                .getBytes(StandardCharsets.UTF_8)))).isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse(good.replaceFirst("\"languages\":\\[\"en\"\\],", "").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-MALFORMED");
    }

    @Test
    void anUnknownFieldIsRefusedAtAnyDepth() throws Exception {
        String good = json(f.directory(1));
        assertThat(code(() -> NetworkDirectory.parse(good.replace("{\"issuedAt\"", "{\"extra\":1,\"issuedAt\"").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-UNKNOWN-FIELD");
        assertThat(code(() -> NetworkDirectory.parse(good.replaceFirst("\"nodeId\"", "\"nodeAlias\":\"x\",\"nodeId\"").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-UNKNOWN-FIELD");
        byte[] signed = f.cms.sign(good.replace("{\"issuedAt\"", "{\"extra\":1,\"issuedAt\"").getBytes(StandardCharsets.UTF_8), f.authority);
        assertThat(code(() -> f.verify(signed))).isEqualTo("EEG-DIR-UNKNOWN-FIELD");
    }

    @Test
    void aDuplicateJsonKeyAndAnUnknownInstrumentOrRoleAreRefused() {
        String good = json(f.directory(1));
        assertThat(code(() -> NetworkDirectory.parse(good.replace("\"version\":1", "\"version\":1,\"version\":2").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse(good.replaceFirst("\"BUDAPEST\":", "\"BUDAPEST_3\":").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-MALFORMED");
        assertThat(code(() -> NetworkDirectory.parse(good.replaceFirst("\"CONTACT_POINT_24_7\"", "\"POLICE\"").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("EEG-DIR-MALFORMED");
    }

    @Test
    void duplicateIdsAndCertificatesAreRefused() {
        NetworkDirectory d = f.directory(1);
        NetworkDirectory.NodeEntry be = d.nodes().get(0);
        NetworkDirectory twiceBe = withNodes(d, plus(d.nodes(), node("be-247", "BE", NodeRole.CENTRAL_AUTHORITY, List.of(pem(f.platform)),
                DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> twiceBe.check(f.now))).isEqualTo("EEG-DIR-DUPLICATE");
        NetworkDirectory sharedCert = withNodes(d, plus(d.nodes(), node("be-ca", "BE", NodeRole.CENTRAL_AUTHORITY, List.of(be.certificates().get(0)),
                DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> sharedCert.check(f.now))).isEqualTo("EEG-DIR-DUPLICATE");
        List<NetworkDirectory.PlatformEntry> twoAcme = List.of(d.platforms().get(0), d.platforms().get(0));
        assertThat(code(() -> withPlatforms(d, twoAcme).check(f.now))).isEqualTo("EEG-DIR-DUPLICATE");
        NetworkDirectory.PlatformEntry a = d.platforms().get(0);
        NetworkDirectory.PlatformEntry named = new NetworkDirectory.PlatformEntry("nl-247", a.name(), a.adapter(), a.endpoint(),
                a.encryptionCertificate(), a.providerEntities(), a.messageTypes());
        assertThat(code(() -> withPlatforms(d, List.of(named)).check(f.now))).isEqualTo("EEG-DIR-DUPLICATE");
        NetworkDirectory.PlatformEntry twoForEu = new NetworkDirectory.PlatformEntry("acme", a.name(), a.adapter(), a.endpoint(),
                a.encryptionCertificate(), List.of(new NetworkDirectory.ProviderEntity("IE", List.of("EU")),
                        new NetworkDirectory.ProviderEntity("LU", List.of("EU"))), a.messageTypes());
        assertThat(code(() -> withPlatforms(d, List.of(twoForEu)).check(f.now))).isEqualTo("EEG-DIR-DUPLICATE");
    }

    @Test
    void endpointsMustBeHttps() {
        NetworkDirectory d = f.directory(1);
        NetworkDirectory.NodeEntry be = d.nodes().get(0);
        for (String endpoint : List.of("http://be-247.example.eu/", "be-247.example.eu", "https:///path", "https://u:p@be.example.eu/",
                "ftp://be.example.eu/", "https://be.example.eu/ space")) {
            NetworkDirectory.NodeEntry bad = new NetworkDirectory.NodeEntry(be.nodeId(), be.country(), be.role(), endpoint, be.certificates(),
                    be.messageTypes(), be.versions(), be.instruments(), be.languages(), null, null, null);
            List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>(d.nodes());
            nodes.set(0, bad);
            assertThat(code(() -> withNodes(d, nodes).check(f.now))).as(endpoint).isEqualTo("EEG-DIR-ENDPOINT");
        }
        NetworkDirectory.PlatformEntry a = d.platforms().get(0);
        NetworkDirectory.PlatformEntry plain = new NetworkDirectory.PlatformEntry(a.id(), a.name(), a.adapter(), "http://le-portal.acme.example/",
                a.encryptionCertificate(), a.providerEntities(), a.messageTypes());
        assertThat(code(() -> withPlatforms(d, List.of(plain)).check(f.now))).isEqualTo("EEG-DIR-ENDPOINT");
    }

    @Test
    void nodeCertificatesMustCarryTheNodeRoleAndParse() {
        NetworkDirectory d = f.directory(1);
        NetworkDirectory platformCertAsNode = withNodes(d, plus(d.nodes(), node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7, List.of(pem(f.platform)),
                DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> platformCertAsNode.check(f.now))).isEqualTo("EEG-DIR-CERT-ROLE");
        NetworkDirectory authorityAsNode = withNodes(d, plus(d.nodes(), node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7,
                List.of(pem(f.authority)), DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> authorityAsNode.check(f.now))).isEqualTo("EEG-DIR-CERT-ROLE");
        NetworkDirectory noCert = withNodes(d, plus(d.nodes(), node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7, List.of(),
                DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> noCert.check(f.now))).isEqualTo("EEG-DIR-CERTIFICATE");
        NetworkDirectory garbage = withNodes(d, plus(d.nodes(), node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7, List.of("<PEM>"),
                DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> garbage.check(f.now))).isEqualTo("EEG-DIR-CERTIFICATE");
        NetworkDirectory two = withNodes(d, plus(d.nodes(), node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7, List.of(pem(f.nl) + pem(f.be)),
                DirectoryFixture.ALL_TYPES, Map.of())));
        assertThat(code(() -> two.check(f.now))).isEqualTo("EEG-DIR-CERTIFICATE");
    }

    @Test
    void valuesOutOfTheirDomainAreRefused() {
        NetworkDirectory d = f.directory(1);
        assertThat(code(() -> withNodes(d, plus(d.nodes(), node("FR_247", "FR", NodeRole.CONTACT_POINT_24_7, List.of(pem(f.deCa)),
                DirectoryFixture.ALL_TYPES, Map.of()))).check(f.now))).isEqualTo("EEG-DIR-INVALID");
        assertThat(code(() -> withNodes(d, plus(d.nodes(), node("fr-247", "fr", NodeRole.CONTACT_POINT_24_7, List.of(pem(f.authority)),
                DirectoryFixture.ALL_TYPES, Map.of()))).check(f.now))).isEqualTo("EEG-DIR-INVALID");
        assertThat(code(() -> withNodes(d, List.of(node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7, List.of(pem(f.be)),
                List.of("BUDAPEST_ART99"), Map.of()))).check(f.now))).isEqualTo("EEG-DIR-INVALID");
        assertThat(code(() -> withNodes(d, List.of(node("fr-247", "FR", NodeRole.CONTACT_POINT_24_7, List.of(pem(f.be)),
                List.of(), Map.of()))).check(f.now))).isEqualTo("EEG-DIR-INVALID");
        NetworkDirectory.NodeEntry be = d.nodes().get(0);
        NetworkDirectory.NodeEntry klingon = new NetworkDirectory.NodeEntry(be.nodeId(), be.country(), be.role(), be.endpoint(), be.certificates(),
                be.messageTypes(), be.versions(), be.instruments(), List.of("xx"), null, null, null);
        assertThat(code(() -> withNodes(d, List.of(klingon)).check(f.now))).isEqualTo("EEG-DIR-INVALID");
        NetworkDirectory.NodeEntry v2 = new NetworkDirectory.NodeEntry(be.nodeId(), be.country(), be.role(), be.endpoint(), be.certificates(),
                be.messageTypes(), List.of("v2"), be.instruments(), be.languages(), null, null, null);
        assertThat(code(() -> withNodes(d, List.of(v2)).check(f.now))).isEqualTo("EEG-DIR-INVALID");
        NetworkDirectory zero = new NetworkDirectory(0, d.issuedAt(), d.validUntil(), d.issuer(), d.nodes(), d.platforms());
        assertThat(code(() -> zero.check(f.now))).isEqualTo("EEG-DIR-INVALID");
        NetworkDirectory backwards = new NetworkDirectory(1, d.validUntil(), d.issuedAt(), d.issuer(), d.nodes(), d.platforms());
        assertThat(code(() -> backwards.check(f.now))).isEqualTo("EEG-DIR-INVALID");
    }

    // ---------------------------------------------------------------------------------------------- lookups

    @Test
    void theCanonicalFormRoundTripsAndVerifies() throws Exception {
        NetworkDirectory d = f.directory(3);
        assertThat(NetworkDirectory.read(d.toCanonicalJson(), f.now)).isEqualTo(d);
        VerifiedDirectory v = f.verify(f.sign(d));
        assertThat(v.version()).isEqualTo(3);
        assertThat(v.directory()).isEqualTo(d);
        assertThat(v.contentSha256()).matches("[0-9a-f]{64}");
        assertThat(Role.of(v.signer())).containsExactly(Role.DIRECTORY);
    }

    @Test
    void peersAreEveryNodeButSelf() throws Exception {
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        List<PeerSpec> peers = v.peers(new NodeIdentity("be-247", "BE", NodeRole.CONTACT_POINT_24_7));
        assertThat(peers).extracting(PeerSpec::nodeId).containsExactly("nl-247", "de-247", "de-ca");
        PeerSpec nl = peers.get(0);
        assertThat(nl.country()).isEqualTo("NL");
        assertThat(nl.endpoint().toString()).isEqualTo("https://nl-247.example.eu/");
        assertThat(nl.certificate()).isEqualTo(f.nl.certificate());
        assertThat(nl.accepts("PROTOCOL_ART9_EMERGENCY_DISCLOSURE")).isTrue();
        assertThat(v.peers(null)).hasSize(4);
    }

    @Test
    void aNodeIsFoundByAnyOfItsCertificates() throws Exception {
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        assertThat(v.nodeByCertificate(f.be.certificate())).map(PeerSpec::nodeId).contains("be-247");
        assertThat(v.nodeByCertificate(f.beNext.certificate())).map(PeerSpec::nodeId).contains("be-247");
        assertThat(v.nodeByCertificate(f.de247.certificate())).map(PeerSpec::nodeId).contains("de-247");
        assertThat(v.nodeByCertificate(f.platform.certificate())).isEmpty();
        assertThat(v.nodeByCertificate(null)).isEmpty();
    }

    @Test
    void anEmergencyGoesOnlyToAPartyBoundByTheSecondProtocol() throws Exception {
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        assertThat(v.nodeFor("BE", MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE).nodeId()).isEqualTo("be-247");
        assertThat(code(() -> v.nodeFor("NL", MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE))).isEqualTo("EEG-DIR-INSTRUMENT");
        assertThat(v.nodeFor("NL", MessageType.BUDAPEST_ART29_PRESERVATION).nodeId()).isEqualTo("nl-247");
        assertThat(code(() -> v.nodeFor("NL", MessageType.EU_EPOC))).isEqualTo("EEG-DIR-INSTRUMENT");
        assertThat(code(() -> v.nodeFor("FR", MessageType.BUDAPEST_ART29_PRESERVATION))).isEqualTo("EEG-DIR-NO-NODE");
        assertThat(code(() -> v.nodeFor("DE", MessageType.EU_EPOC))).isEqualTo("EEG-DIR-TYPE-NOT-ACCEPTED");
        // lifecycle messages follow whichever instrument the case rests on; acknowledgements need none
        assertThat(v.nodeFor("NL", MessageType.REFUSAL).nodeId()).isEqualTo("nl-247");
        assertThat(v.nodeFor("NL", MessageType.ACKNOWLEDGEMENT).nodeId()).isEqualTo("nl-247");
    }

    @Test
    void aPartyOfTheUnConventionOnlyIsSentItsTypesAndNeverTheBudapestOnes() throws Exception {
        NetworkDirectory d = f.directory(1);
        KeyMaterial br = f.pki.issue(DirectoryFixture.req("br-247", Role.NODE, true));
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>(d.nodes());
        nodes.add(node("br-247", "BR", NodeRole.CONTACT_POINT_24_7, List.of(pem(br)), DirectoryFixture.ALL_TYPES,
                Map.of(Instrument.UN_CYBERCRIME, DirectoryFixture.terms())));
        VerifiedDirectory v = f.verify(f.sign(new NetworkDirectory(d.version(), d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms())));
        // BR: a Party of the UN Convention against Cybercrime, not of ETS 185
        assertThat(v.nodeFor("BR", MessageType.UNCC_ART42_PRESERVATION).nodeId()).isEqualTo("br-247");
        assertThat(v.nodeFor("BR", MessageType.UNCC_ART41_ASSISTANCE).nodeId()).isEqualTo("br-247");
        assertThat(code(() -> v.nodeFor("BR", MessageType.BUDAPEST_ART29_PRESERVATION))).isEqualTo("EEG-DIR-INSTRUMENT");
        assertThat(code(() -> v.nodeFor("BR", MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE))).isEqualTo("EEG-DIR-INSTRUMENT");
        // NL: a Party of ETS 185 only
        assertThat(code(() -> v.nodeFor("NL", MessageType.UNCC_ART42_PRESERVATION))).isEqualTo("EEG-DIR-INSTRUMENT");
        // the answers of a UNCC case reach a UNCC-only Party
        for (MessageType answer : List.of(MessageType.PRESERVATION_CONFIRMED, MessageType.REFUSAL, MessageType.UNCC_ART43_PARTIAL_DISCLOSURE,
                MessageType.CLARIFICATION_REQUEST, MessageType.EXECUTION_REPORT, MessageType.ACKNOWLEDGEMENT)) {
            assertThat(v.nodeFor("BR", answer).nodeId()).as(answer.name()).isEqualTo("br-247");
        }
    }

    @Test
    void amongSeveralNodesOfAPartyTheOneWhoseRoleReceivesTheTypeServesIt() throws Exception {
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        assertThat(v.nodeFor("DE", MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE).nodeId()).isEqualTo("de-ca");
        assertThat(v.nodeFor("DE", MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE).nodeId()).isEqualTo("de-247");
        assertThat(v.nodeFor("DE", MessageType.BUDAPEST_ART29_PRESERVATION).nodeId()).isEqualTo("de-247");
        assertThat(v.nodeFor("DE", MessageType.PROTOCOL_ART8_GIVE_EFFECT).nodeId()).isEqualTo("de-ca");
    }

    @Test
    void theProviderEntityForAUsersRegion() throws Exception {
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        assertThat(v.providerEntity("acme", "FR")).map(NetworkDirectory.ProviderEntity::country).contains("IE");
        assertThat(v.providerEntity("acme", "EU")).map(NetworkDirectory.ProviderEntity::country).contains("IE");
        assertThat(v.providerEntity("acme", "gb")).map(NetworkDirectory.ProviderEntity::country).contains("GB");
        assertThat(v.providerEntity("acme", "BR")).map(NetworkDirectory.ProviderEntity::country).contains("US");
        assertThat(v.providerEntity("other", "FR")).isEmpty();
    }

    @Test
    void platformsBecomeTheNodesPlatformSpecs() throws Exception {
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        assertThat(v.platformSpecs()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("acme");
            assertThat(p.adapter()).isEqualTo("json-portal");
            assertThat(p.endpoint().toString()).isEqualTo("https://le-portal.acme.example/");
            assertThat(p.encryptionCertificate()).isEqualTo(f.platform.certificate());
            assertThat(p.tlsTrust()).isEmpty();
        });
    }

    @Test
    void messageTypesNeedTheInstrumentsOfTheirLegalBasis() {
        assertThat(Instrument.requiredFor(MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE)).containsExactly(Instrument.BUDAPEST_PROTOCOL_2);
        assertThat(Instrument.requiredFor(MessageType.BUDAPEST_ART29_PRESERVATION)).containsExactly(Instrument.BUDAPEST);
        assertThat(Instrument.requiredFor(MessageType.EU_EPOC_PR)).containsExactly(Instrument.EU_2023_1543);
        assertThat(Instrument.requiredFor(MessageType.CLARIFICATION_ANSWER))
                .containsExactlyInAnyOrder(Instrument.BUDAPEST, Instrument.BUDAPEST_PROTOCOL_2, Instrument.EU_2023_1543, Instrument.UN_CYBERCRIME);
        assertThat(Instrument.requiredFor(MessageType.UNCC_ART42_PRESERVATION)).containsExactly(Instrument.UN_CYBERCRIME);
        assertThat(Instrument.requiredFor(MessageType.WITHDRAWAL)).isEmpty();
        // a securing order of CM/Rec(2026)2 para. 33 binds no peer to a treaty (like the removal order)
        assertThat(Instrument.requiredFor(MessageType.CONTENT_PRESERVATION_ORDER)).isEmpty();
        for (MessageType t : MessageType.values()) {
            if (!t.isLifecycle() && t != MessageType.CONTENT_REMOVAL_ORDER && t != MessageType.CONTENT_PRESERVATION_ORDER
                    && t != MessageType.PLATFORM_EMERGENCY_DISCLOSURE) {
                assertThat(Instrument.requiredFor(t)).as(t.name()).hasSize(1);
            }
        }
        assertThat(Set.of(Instrument.values())).hasSize(4);
    }

    @Test
    void theDocumentedSampleIsAValidDirectoryOnceItsCertificatesAreFilledIn() throws Exception {
        String sample = java.nio.file.Files.readString(Path.of("..", "docs", "samples", "network-directory.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"<PEM[^>]*>\"").matcher(sample);
        List<KeyMaterial> certs = List.of(f.be, f.beNext, f.nl, f.platform);
        StringBuilder filled = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(filled, java.util.regex.Matcher.quoteReplacement(
                    "\"" + pem(certs.get(i++)).replace("\r", "").replace("\n", "\\n") + "\""));
        }
        m.appendTail(filled);
        assertThat(i).isEqualTo(4);
        NetworkDirectory d = NetworkDirectory.parse(filled.toString().getBytes(StandardCharsets.UTF_8));
        d.check(d.issuedAt());
        assertThat(d.version()).isEqualTo(12);
        VerifiedDirectory v = VerifiedDirectory.verify(f.cms, f.sign(d), f.trust, d.issuedAt());
        assertThat(v.nodeFor("BE", MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE).nodeId()).isEqualTo("be-247");
        assertThat(code(() -> v.nodeFor("NL", MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE))).isEqualTo("EEG-DIR-TYPE-NOT-ACCEPTED");
        assertThat(v.providerEntity("acme", "BE")).map(NetworkDirectory.ProviderEntity::country).contains("IE");
        assertThat(v.node("nl-247").orElseThrow().acceptsHashLists()).isTrue(); // ADR-0038: by agreement
        assertThat(v.node("be-247").orElseThrow().acceptsHashLists()).isFalse();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
