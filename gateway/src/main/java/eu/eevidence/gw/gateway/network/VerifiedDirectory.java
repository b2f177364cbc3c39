package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.PartyKind;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A network directory whose signature, signer role ({@link Role#DIRECTORY}), certification path, canonical form and
 * rules were checked, with the lookups the node needs. Immutable.
 */
public final class VerifiedDirectory {

    private final byte[] signed;
    private final byte[] content;
    private final NetworkDirectory directory;
    private final String contentSha256;
    private final X509Certificate signer;
    private final Map<String, PeerSpec> peersById;
    private final Map<String, String> nodeByFingerprint;
    private final Map<String, X509Certificate> platformCertificates;

    private VerifiedDirectory(byte[] signed, byte[] content, NetworkDirectory directory, X509Certificate signer) throws NetworkException {
        this.signed = signed.clone();
        this.content = content.clone();
        this.directory = directory;
        this.contentSha256 = sha256Hex(content);
        this.signer = signer;
        Map<String, PeerSpec> peers = new LinkedHashMap<>();
        Map<String, String> byFingerprint = new LinkedHashMap<>();
        for (int i = 0; i < directory.nodes().size(); i++) {
            NetworkDirectory.NodeEntry n = directory.nodes().get(i);
            List<X509Certificate> certs = new ArrayList<>();
            for (int c = 0; c < n.certificates().size(); c++) {
                X509Certificate cert = NetworkDirectory.certificate(n.certificates().get(c), "$.nodes[" + i + "].certificates[" + c + "]");
                certs.add(cert);
                byFingerprint.put(Certificates.sha256Fingerprint(cert), n.nodeId());
            }
            peers.put(n.nodeId(), new PeerSpec(new NodeIdentity(n.nodeId(), n.country(), n.role()), URI.create(n.endpoint()), certs.get(0),
                    new LinkedHashSet<>(n.messageTypes()), certs, n.hashListAgreement()));
        }
        Map<String, X509Certificate> platformCerts = new LinkedHashMap<>();
        for (int i = 0; i < directory.platforms().size(); i++) {
            NetworkDirectory.PlatformEntry p = directory.platforms().get(i);
            platformCerts.put(p.id(), NetworkDirectory.certificate(p.encryptionCertificate(), "$.platforms[" + i + "].encryptionCertificate"));
        }
        this.peersById = Map.copyOf(peers);
        this.nodeByFingerprint = Map.copyOf(byFingerprint);
        this.platformCertificates = Map.copyOf(platformCerts);
    }

    /** Signs {@code directory}'s canonical JSON with the directory authority's key. */
    public static byte[] sign(CmsProfile cms, NetworkDirectory directory, KeyMaterial authority) throws PkiException {
        return cms.sign(directory.toCanonicalJson(), authority);
    }

    /**
     * Verifies a signed directory: CMS SignedData within the pki profile, signer with {@link Role#DIRECTORY} and a
     * path to {@code trust}, content in canonical form, then the directory's rules at {@code now}.
     *
     * @throws NetworkException {@code EEG-DIR-SIGNATURE} (not a valid SignedData, or the signature does not verify),
     *                          {@code EEG-DIR-SIGNER-ROLE} (signed by a certificate without the DIRECTORY role),
     *                          {@code EEG-DIR-UNTRUSTED} (no valid path to the trust anchors, expired or revoked signer),
     *                          {@code EEG-DIR-NOT-CANONICAL}, and the codes of {@link NetworkDirectory#parse} and
     *                          {@link NetworkDirectory#check}
     */
    public static VerifiedDirectory verify(CmsProfile cms, byte[] signed, SignerValidator trust, Instant now) throws NetworkException {
        if (signed == null || signed.length == 0) {
            throw new NetworkException(NetworkError.DIR_SIGNATURE.code(), "the signed directory is empty");
        }
        if (signed.length > NetworkDirectory.MAX_BYTES) {
            throw new NetworkException(NetworkError.DIR_TOO_LARGE.code(), "the signed directory exceeds " + NetworkDirectory.MAX_BYTES + " bytes");
        }
        OpenedMessage opened;
        try {
            opened = cms.verify(signed, trust.requiringRole(Role.DIRECTORY));
        } catch (PkiException e) {
            throw new NetworkException(signatureCode(e.error()), "the directory's signature is refused: " + firstLine(e.getMessage()));
        }
        NetworkDirectory d = NetworkDirectory.parse(opened.content());
        if (!Arrays.equals(d.toCanonicalJson(), opened.content())) {
            throw new NetworkException(NetworkError.DIR_NOT_CANONICAL.code(),
                    "the signed content is not the directory's canonical JSON (sign it with `directory sign`)");
        }
        d.check(now);
        return new VerifiedDirectory(signed, opened.content(), d, opened.signer());
    }

    private static String signatureCode(PkiError error) {
        if (error == null) {
            return NetworkError.DIR_SIGNATURE.code();
        }
        switch (error) {
            case ROLE_MISMATCH:
                return NetworkError.DIR_SIGNER_ROLE.code();
            case UNTRUSTED_SIGNER:
            case SIGNER_EXPIRED:
            case REVOKED:
            case REVOCATION_UNKNOWN:
                return NetworkError.DIR_UNTRUSTED.code();
            default:
                return NetworkError.DIR_SIGNATURE.code();
        }
    }

    /** The document. */
    public NetworkDirectory directory() {
        return directory;
    }

    public long version() {
        return directory.version();
    }

    /** The signed file as accepted (what {@code GET /api/v1/network/directory} serves). */
    public byte[] signedBytes() {
        return signed.clone();
    }

    /** The canonical JSON that was signed. */
    public byte[] content() {
        return content.clone();
    }

    /** Lower-case hex SHA-256 of the canonical JSON (what the node persists with the version). */
    public String contentSha256() {
        return contentSha256;
    }

    /** The directory authority's certificate that signed it. */
    public X509Certificate signer() {
        return signer;
    }

    /** Every node but {@code self}, in directory order. */
    public List<PeerSpec> peers(NodeIdentity self) {
        List<PeerSpec> out = new ArrayList<>();
        for (NetworkDirectory.NodeEntry n : directory.nodes()) {
            if (self == null || !n.nodeId().equals(self.nodeId())) {
                out.add(peersById.get(n.nodeId()));
            }
        }
        return out;
    }

    /** The node with this id. */
    public Optional<PeerSpec> node(String nodeId) {
        return Optional.ofNullable(peersById.get(nodeId));
    }

    /** The directory entry of the node with this id. */
    public Optional<NetworkDirectory.NodeEntry> entry(String nodeId) {
        return directory.nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    /**
     * This node's own entry: {@code self}'s id with the same Party and role, listing {@code certificate}.
     *
     * @throws NetworkException {@code EEG-DIR-SELF-MISSING}
     */
    public void requireSelf(NodeIdentity self, X509Certificate certificate) throws NetworkException {
        Optional<PeerSpec> entry = node(self.nodeId());
        if (entry.isEmpty()) {
            throw new NetworkException(NetworkError.DIR_SELF_MISSING.code(), "directory version " + version() + " does not list this node (" + self.nodeId()
                    + ")");
        }
        if (!entry.get().identity().equals(self)) {
            throw new NetworkException(NetworkError.DIR_SELF_MISSING.code(), "directory version " + version() + " lists " + self.nodeId() + " as "
                    + entry.get().identity() + ", not as " + self);
        }
        Optional<PeerSpec> byCert = nodeByCertificate(certificate);
        if (byCert.isEmpty() || !byCert.get().nodeId().equals(self.nodeId())) {
            throw new NetworkException(NetworkError.DIR_SELF_MISSING.code(), "directory version " + version() + " does not list this node's certificate ("
                    + Certificates.sha256Fingerprint(certificate) + ") for " + self.nodeId());
        }
    }

    /** The node one of whose listed certificates is exactly {@code certificate}. */
    public Optional<PeerSpec> nodeByCertificate(X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        String id = nodeByFingerprint.get(Certificates.sha256Fingerprint(certificate));
        return id == null ? Optional.empty() : Optional.ofNullable(peersById.get(id));
    }

    /**
     * The node that serves Party {@code country} for {@code type}: a node of that country that lists the type and
     * whose Party is bound by one of the instruments the type's legal basis names ({@link Instrument#requiredFor});
     * among several, the one whose role receives the type (e.g. the 24/7 contact point for a Protocol Art. 9
     * emergency), else the first listed.
     *
     * @throws NetworkException {@code EEG-DIR-NO-NODE} (no node for that Party), {@code EEG-DIR-TYPE-NOT-ACCEPTED}
     *                          (its nodes do not accept the type), {@code EEG-DIR-INSTRUMENT} (the Party is not bound by
     *                          the instrument the type rests on)
     */
    public PeerSpec nodeFor(String country, MessageType type) throws NetworkException {
        List<NetworkDirectory.NodeEntry> ofCountry = directory.nodes().stream().filter(n -> n.country().equals(country)).toList();
        if (ofCountry.isEmpty()) {
            throw new NetworkException(NetworkError.DIR_NO_NODE.code(), "the directory lists no node for " + country);
        }
        List<NetworkDirectory.NodeEntry> accepting = ofCountry.stream().filter(n -> n.messageTypes().contains(type.name())).toList();
        if (accepting.isEmpty()) {
            throw new NetworkException(NetworkError.DIR_TYPE_NOT_ACCEPTED.code(), "no node of " + country + " accepts " + type.name());
        }
        Set<Instrument> required = Instrument.requiredFor(type);
        List<NetworkDirectory.NodeEntry> bound = accepting.stream()
                .filter(n -> required.isEmpty() || required.stream().anyMatch(n.instruments()::containsKey)).toList();
        if (bound.isEmpty()) {
            throw new NetworkException(NetworkError.DIR_INSTRUMENT.code(), country + " is not bound by " + required + ", on which " + type.name()
                    + " (" + type.legalBasis() + ") rests");
        }
        for (NetworkDirectory.NodeEntry n : bound) {
            if (type.receivers().contains(partyKind(n.role()))) {
                return peersById.get(n.nodeId());
            }
        }
        return peersById.get(bound.get(0).nodeId());
    }

    private static PartyKind partyKind(NodeRole role) {
        switch (role) {
            case CONTACT_POINT_24_7:
                return PartyKind.CONTACT_POINT_24_7;
            case CENTRAL_AUTHORITY:
                return PartyKind.CENTRAL_AUTHORITY;
            default:
                return PartyKind.REQUESTING_AUTHORITY;
        }
    }

    /**
     * Which of the platform's provider entities serves users of {@code userRegion} (a country code, or {@code EU}):
     * the entity listing that country, else (for an EU Member State or {@code EU}) the entity listing {@code EU},
     * else the one listing {@code *}.
     */
    public Optional<NetworkDirectory.ProviderEntity> providerEntity(String platformId, String userRegion) {
        Optional<NetworkDirectory.PlatformEntry> p = directory.platforms().stream().filter(x -> x.id().equals(platformId)).findFirst();
        if (p.isEmpty() || userRegion == null) {
            return Optional.empty();
        }
        String region = userRegion.strip().toUpperCase(java.util.Locale.ROOT);
        List<String> wanted = new ArrayList<>();
        wanted.add(region);
        if (!region.equals("EU") && NetworkDirectory.EU_MEMBER_STATES.contains(region)) {
            wanted.add("EU");
        }
        wanted.add("*");
        for (String w : wanted) {
            for (NetworkDirectory.ProviderEntity e : p.get().providerEntities()) {
                if (e.servesRegions().contains(w)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** The platforms as the node's delivery configuration (TLS trust: the node's own anchors). */
    public List<PlatformSpec> platformSpecs() {
        List<PlatformSpec> out = new ArrayList<>();
        for (NetworkDirectory.PlatformEntry p : directory.platforms()) {
            out.add(new PlatformSpec(p.id(), p.adapter(), URI.create(p.endpoint()), platformCertificates.get(p.id()), List.of()));
        }
        return out;
    }

    /** A one-line summary: version, validity, counts, content hash. */
    public String summary() {
        return "version " + directory.version() + " issued " + directory.issuedAt() + " valid until " + directory.validUntil() + " by \""
                + directory.issuer() + "\": " + directory.nodes().size() + " node(s), " + directory.platforms().size() + " platform(s), sha256 "
                + contentSha256;
    }

    static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public String toString() {
        return "VerifiedDirectory[" + summary() + "]";
    }
}
