package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.testkit.MutableClock;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys minted at test time (a development root, a directory authority, nodes, a platform) and directories built from
 * them: BE (24/7, Budapest + Second Protocol), NL (24/7, Budapest only), DE (24/7 and central authority, all three
 * instruments), and the platform {@code acme} whose Irish entity serves EU users, its US entity everyone else.
 */
public final class DirectoryFixture {

    public static final List<String> ALL_TYPES = Arrays.stream(MessageType.values()).map(Enum::name).toList();

    public final DevPki pki;
    public final TrustAnchors trust;
    public final KeyMaterial authority;
    public final KeyMaterial be;
    public final KeyMaterial beNext;
    public final KeyMaterial nl;
    public final KeyMaterial de247;
    public final KeyMaterial deCa;
    public final KeyMaterial platform;
    public final MutableClock clock;
    public final CmsProfile cms;
    public final Instant now;

    public DirectoryFixture(Path dir) throws Exception {
        pki = DevPki.loadOrCreate(dir.resolve("fixture-pki"), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        authority = pki.issue(req("EEG directory authority", Role.DIRECTORY, false));
        be = pki.issue(req("node be-247", Role.NODE, true));
        beNext = pki.issue(req("node be-247 next key", Role.NODE, true));
        nl = pki.issue(req("node nl-247", Role.NODE, true));
        de247 = pki.issue(req("node de-247", Role.NODE, true));
        deCa = pki.issue(req("node de-ca", Role.NODE, true));
        platform = pki.issue(req("acme portal", Role.PLATFORM, true));
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new MutableClock(now);
        cms = new CmsProfile(clock);
    }

    public static IssueRequest req(String cn, Role role, boolean tls) {
        return new IssueRequest(cn, role, tls ? List.of("127.0.0.1", "localhost") : List.of(), KeyKind.EC_P256, Duration.ofDays(30), tls, tls);
    }

    public static String pem(KeyMaterial k) {
        return Certificates.toPem(k.certificate());
    }

    public static NetworkDirectory.NodeEntry node(String id, String country, NodeRole role, List<String> certs, List<String> types,
                                                  Map<Instrument, NetworkDirectory.Terms> instruments) {
        return new NetworkDirectory.NodeEntry(id, country, role, "https://" + id + ".example.eu/", certs, types, List.of("1.0"), instruments,
                List.of("en"), null, null,
                null);
    }

    public static NetworkDirectory.Terms terms() {
        return new NetworkDirectory.Terms(Map.of(), Map.of());
    }

    /** The standard directory at {@code version}. */
    public NetworkDirectory directory(long version) {
        Map<Instrument, NetworkDirectory.Terms> beInstr = new LinkedHashMap<>();
        beInstr.put(Instrument.BUDAPEST, new NetworkDirectory.Terms(Map.of("Art. 24(7)(a)", "The Federal Public Service Justice is the authority"),
                Map.of("Art. 29(4)", "Belgium reserves the right to refuse preservation where dual criminality cannot be fulfilled")));
        beInstr.put(Instrument.BUDAPEST_PROTOCOL_2, new NetworkDirectory.Terms(Map.of("Art. 7(5)(a)", "simultaneous notification required"), Map.of()));
        Map<Instrument, NetworkDirectory.Terms> all = new LinkedHashMap<>();
        for (Instrument i : Instrument.values()) {
            all.put(i, terms());
        }
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>();
        nodes.add(node("be-247", "BE", NodeRole.CONTACT_POINT_24_7, List.of(pem(be), pem(beNext)), ALL_TYPES, beInstr));
        nodes.add(node("nl-247", "NL", NodeRole.CONTACT_POINT_24_7, List.of(pem(nl)), ALL_TYPES, Map.of(Instrument.BUDAPEST, terms())));
        nodes.add(node("de-247", "DE", NodeRole.CONTACT_POINT_24_7, List.of(pem(de247)),
                List.of("BUDAPEST_ART29_PRESERVATION", "BUDAPEST_ART31_MUTUAL_ASSISTANCE", "PROTOCOL_ART9_EMERGENCY_DISCLOSURE"), all));
        nodes.add(node("de-ca", "DE", NodeRole.CENTRAL_AUTHORITY, List.of(pem(deCa)),
                List.of("BUDAPEST_ART29_PRESERVATION", "BUDAPEST_ART31_MUTUAL_ASSISTANCE", "PROTOCOL_ART8_GIVE_EFFECT"), all));
        List<NetworkDirectory.PlatformEntry> platforms = List.of(new NetworkDirectory.PlatformEntry("acme", "ACME Social", "json-portal",
                "https://le-portal.acme.example/", pem(platform), List.of(
                        new NetworkDirectory.ProviderEntity("IE", List.of("EU")),
                        new NetworkDirectory.ProviderEntity("GB", List.of("GB")),
                        new NetworkDirectory.ProviderEntity("US", List.of("*"))),
                List.of("BUDAPEST_ART29_PRESERVATION", "EU_EPOC", "EU_EPOC_PR")));
        return new NetworkDirectory(version, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)), "EEG test directory authority", nodes, platforms);
    }

    public byte[] sign(NetworkDirectory d) throws Exception {
        return VerifiedDirectory.sign(cms, d, authority);
    }

    public byte[] sign(NetworkDirectory d, KeyMaterial signer) throws Exception {
        return VerifiedDirectory.sign(cms, d, signer);
    }

    public VerifiedDirectory verify(byte[] signed) throws NetworkException {
        return VerifiedDirectory.verify(cms, signed, trust, clock.instant());
    }
}
