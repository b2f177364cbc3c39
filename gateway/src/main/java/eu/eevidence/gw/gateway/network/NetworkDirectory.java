package eu.eevidence.gw.gateway.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network directory as its authority publishes it (docs/design/network-directory.md): which nodes and platforms
 * exist, where they are, their certificates, what they accept and which instruments each Party is bound by. Carried
 * as canonical JSON (sorted keys, no nulls, see {@link JsonCodec#canonicalMapper()}) inside a CMS SignedData by a
 * {@link Role#DIRECTORY} certificate ({@link VerifiedDirectory}).
 *
 * <p>Reading is strict: every field is required, unknown fields, duplicate keys and trailing tokens are refused, and
 * {@link #check(Instant)} refuses duplicate ids, non-https endpoints, node certificates without {@link Role#NODE},
 * unknown message types and expired documents. Every refusal is a {@link NetworkException} with an {@code EEG-DIR-*}
 * code and the JSON path of the offending field.
 *
 * @param version    monotonic: a node never accepts a version lower than (or equal to, with other content) one it
 *                   accepted before
 * @param issuedAt   when the authority issued it
 * @param validUntil after this instant the document is refused ({@code EEG-DIR-EXPIRED})
 * @param issuer     the directory authority's name (informative; the signer certificate is what counts)
 * @param nodes      the gateway nodes of the network
 * @param platforms  the service providers' law-enforcement portals
 */
public record NetworkDirectory(long version, Instant issuedAt, Instant validUntil, String issuer, List<NodeEntry> nodes,
                               List<PlatformEntry> platforms) {

    /**
     * One gateway node.
     *
     * @param nodeId       stable id, e.g. {@code be-247} (as {@link NodeIdentity#nodeId()})
     * @param country      ISO 3166-1 alpha-2 code of its Party (or {@code EU})
     * @param role         its function for the Party
     * @param endpoint     base https URI of its API
     * @param certificates its node certificates (PEM, one certificate each, every one with {@link Role#NODE}); the
     *                     first is the current one, further ones are accepted too (key rollover)
     * @param messageTypes catalogue {@link MessageType} names it accepts (at least one)
     * @param versions     catalogue versions it speaks, e.g. {@code 1.0}
     * @param instruments  instruments its Party is bound by, with the declarations and reservations made
     * @param languages    languages accepted for requests (ISO 639-1, lower case)
     * @param custodyKey   optional (issue 19, ADR-0028): the note verifier key of the node's custody log (signed-note
     *                     vkey, type 0x01; its name is the log's origin), so that peers can witness the log and
     *                     auditors check it; absent (null) in older directories
     * @param witnessKey   optional (issue 19, ADR-0028): the node's witness cosigner key (C2SP tlog-cosignature vkey,
     *                     type 0x04), so that peers can have their checkpoints cosigned by it; absent in older directories
     * @param acceptsHashLists optional (issue 21, ADR-0038): true when the node takes hash lists of removed content
     *                     (CONTENT_HASH_LIST) by agreement; absent or false = no agreement (false is never written, so
     *                     directories without agreements keep their canonical bytes)
     */
    public record NodeEntry(String nodeId, String country, NodeRole role, String endpoint, List<String> certificates,
                            List<String> messageTypes, List<String> versions, Map<Instrument, Terms> instruments,
                            List<String> languages, String custodyKey, String witnessKey, Boolean acceptsHashLists) {

        /** Both keys are optional in the JSON: {@link #parse} fills in "" when absent, normalised to null (so never written). */
        public NodeEntry {
            custodyKey = custodyKey == null || custodyKey.isEmpty() ? null : custodyKey;
            witnessKey = witnessKey == null || witnessKey.isEmpty() ? null : witnessKey;
            acceptsHashLists = Boolean.TRUE.equals(acceptsHashLists) ? Boolean.TRUE : null;
        }

        /** Whether the node takes hash lists by agreement. */
        public boolean hashListAgreement() {
            return Boolean.TRUE.equals(acceptsHashLists);
        }
    }

    /** The optional fields of a node entry (issue 19): the reader requires every other field. */
    static final List<String> OPTIONAL_NODE_FIELDS = List.of("custodyKey", "witnessKey");

    /**
     * A Party's declarations and reservations under one instrument, as free text keyed by the article they concern
     * (e.g. {@code "Art. 29(4)"}). Informative for the people reviewing a request; not interpreted by the gateway.
     */
    public record Terms(Map<String, String> declarations, Map<String, String> reservations) {
    }

    /**
     * One platform (service provider) and its law-enforcement portal.
     *
     * @param id                    directory id (the platform id requests name)
     * @param name                  display name
     * @param adapter               adapter kind, e.g. {@code json-portal}
     * @param endpoint              base https URI of the portal
     * @param encryptionCertificate PEM certificate requests are encrypted to
     * @param providerEntities      which of the provider's establishments serves users of which regions
     * @param messageTypes          catalogue types the portal accepts (at least one)
     */
    public record PlatformEntry(String id, String name, String adapter, String endpoint, String encryptionCertificate,
                                List<ProviderEntity> providerEntities, List<String> messageTypes) {
    }

    /**
     * An establishment (legal representative or designated establishment) of a provider.
     *
     * @param country       where the entity is established (ISO 3166-1 alpha-2)
     * @param servesRegions whose users it answers for: country codes, {@code EU} (every Member State) or {@code *}
     */
    public record ProviderEntity(String country, List<String> servesRegions) {
    }

    /** The EU Member States (ISO 3166-1 alpha-2; Greece is {@code GR}, also accepted as {@code EL}). */
    public static final Set<String> EU_MEMBER_STATES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "EL",
            "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /** Largest directory document accepted (JSON or signed). */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CATALOGUE_VERSION = Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}");
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final ObjectMapper READER = JsonCodec.strictMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    private static final ObjectMapper WRITER = JsonCodec.canonicalMapper();

    /**
     * Reads a directory's JSON strictly (structure only; call {@link #check(Instant)} for the rules).
     *
     * @throws NetworkException {@code EEG-DIR-UNKNOWN-FIELD}, {@code EEG-DIR-MALFORMED}, {@code EEG-DIR-TOO-LARGE}
     */
    public static NetworkDirectory parse(byte[] json) throws NetworkException {
        if (json == null || json.length == 0) {
            throw new NetworkException(NetworkError.DIR_MALFORMED.code(), "the directory is empty");
        }
        if (json.length > MAX_BYTES) {
            throw new NetworkException(NetworkError.DIR_TOO_LARGE.code(), "the directory exceeds " + MAX_BYTES + " bytes");
        }
        if (JsonCodec.encodingViolation(json) != null) {
            throw new NetworkException(NetworkError.DIR_MALFORMED.code(), "the directory is not strict UTF-8 (RFC 3629) without a byte order mark");
        }
        try {
            NetworkDirectory d = READER.treeToValue(withOptionalFields(READER.readTree(json)), NetworkDirectory.class);
            if (d == null) {
                throw new NetworkException(NetworkError.DIR_MALFORMED.code(), "the directory is JSON null");
            }
            return d;
        } catch (UnrecognizedPropertyException e) {
            throw new NetworkException(NetworkError.DIR_UNKNOWN_FIELD.code(), "unknown field '" + e.getPropertyName() + "' at " + path(e));
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            throw new NetworkException(NetworkError.DIR_MALFORMED.code(), "not a valid directory at " + path(e) + ": value '" + e.getValue()
                    + "' is not a valid " + e.getTargetType().getSimpleName());
        } catch (JsonProcessingException e) {
            throw new NetworkException(NetworkError.DIR_MALFORMED.code(), "not a valid directory at " + path(e) + ": " + plain(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new NetworkException(NetworkError.DIR_MALFORMED.code(), "not a valid directory: " + e.getClass().getSimpleName());
        }
    }

    /** issue 19: a node entry without the optional fields gets them as "" (read as absent), so that older directories still read. */
    private static JsonNode withOptionalFields(JsonNode tree) {
        if (tree != null && tree.get("nodes") instanceof ArrayNode nodes) {
            for (JsonNode n : nodes) {
                if (n instanceof ObjectNode o) {
                    for (String f : OPTIONAL_NODE_FIELDS) {
                        if (!o.has(f)) {
                            o.put(f, "");
                        }
                    }
                    if (!o.has("acceptsHashLists")) {
                        o.put("acceptsHashLists", false);
                    }
                }
            }
        }
        return tree;
    }

    /** Parses and checks: {@link #parse(byte[])} then {@link #check(Instant)}. */
    public static NetworkDirectory read(byte[] json, Instant now) throws NetworkException {
        NetworkDirectory d = parse(json);
        d.check(now);
        return d;
    }

    /** The canonical JSON: the bytes the authority signs and every node hashes. */
    public byte[] toCanonicalJson() {
        try {
            return WRITER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The directory's rules beyond structure.
     *
     * @throws NetworkException {@code EEG-DIR-EXPIRED} ({@code validUntil} not after {@code now}), {@code EEG-DIR-INVALID}
     *                          (a value out of its domain), {@code EEG-DIR-DUPLICATE}, {@code EEG-DIR-ENDPOINT} (not an
     *                          absolute https URI), {@code EEG-DIR-CERTIFICATE} (not exactly one PEM certificate),
     *                          {@code EEG-DIR-CERT-ROLE} (a node certificate without the NODE role)
     */
    public void check(Instant now) throws NetworkException {
        if (version < 1) {
            throw invalid("$.version", "must be a positive integer");
        }
        if (!validUntil.isAfter(issuedAt)) {
            throw invalid("$.validUntil", "must be after issuedAt");
        }
        if (!validUntil.isAfter(now)) {
            throw new NetworkException(NetworkError.DIR_EXPIRED.code(), "directory version " + version + " expired at " + validUntil + " (now " + now + ")");
        }
        if (issuer.isBlank()) {
            throw invalid("$.issuer", "must not be blank");
        }
        Set<String> ids = new HashSet<>();
        Map<String, String> certOwners = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeEntry n = nodes.get(i);
            String at = "$.nodes[" + i + "]";
            if (n == null) {
                throw invalid(at, "must not be null");
            }
            id(n.nodeId(), at + ".nodeId");
            if (!ids.add(n.nodeId())) {
                throw new NetworkException(NetworkError.DIR_DUPLICATE.code(), "node id " + n.nodeId() + " is listed twice (" + at + ")");
            }
            country(n.country(), at + ".country");
            endpoint(n.endpoint(), at + ".endpoint");
            if (n.certificates().isEmpty()) {
                throw new NetworkException(NetworkError.DIR_CERTIFICATE.code(), at + ".certificates must list at least one node certificate");
            }
            for (int c = 0; c < n.certificates().size(); c++) {
                String cat = at + ".certificates[" + c + "]";
                X509Certificate cert = certificate(n.certificates().get(c), cat);
                if (!Role.of(cert).contains(Role.NODE)) {
                    throw new NetworkException(NetworkError.DIR_CERT_ROLE.code(), cat + " (" + cert.getSubjectX500Principal().getName()
                            + ") does not carry the NODE role");
                }
                String owner = certOwners.put(Certificates.sha256Fingerprint(cert), n.nodeId());
                if (owner != null) {
                    throw new NetworkException(NetworkError.DIR_DUPLICATE.code(), cat + " is also a certificate of node " + owner);
                }
            }
            messageTypes(n.messageTypes(), at + ".messageTypes");
            if (n.versions().isEmpty()) {
                throw invalid(at + ".versions", "must list at least one catalogue version");
            }
            for (int v = 0; v < n.versions().size(); v++) {
                if (n.versions().get(v) == null || !CATALOGUE_VERSION.matcher(n.versions().get(v)).matches()) {
                    throw invalid(at + ".versions[" + v + "]", "must be a catalogue version such as 1.0");
                }
            }
            for (Map.Entry<Instrument, Terms> e : n.instruments().entrySet()) {
                String iat = at + ".instruments." + e.getKey();
                if (e.getValue() == null) {
                    throw invalid(iat, "must not be null");
                }
                terms(e.getValue().declarations(), iat + ".declarations");
                terms(e.getValue().reservations(), iat + ".reservations");
            }
            witnessKeys(n, at);
            if (n.languages().isEmpty()) {
                throw invalid(at + ".languages", "must list at least one language");
            }
            for (int l = 0; l < n.languages().size(); l++) {
                if (n.languages().get(l) == null || !LANGUAGES.contains(n.languages().get(l))) {
                    throw invalid(at + ".languages[" + l + "]", "must be an ISO 639-1 code in lower case: " + n.languages().get(l));
                }
            }
        }
        Set<String> platformIds = new HashSet<>();
        for (int i = 0; i < platforms.size(); i++) {
            PlatformEntry p = platforms.get(i);
            String at = "$.platforms[" + i + "]";
            if (p == null) {
                throw invalid(at, "must not be null");
            }
            id(p.id(), at + ".id");
            if (!platformIds.add(p.id())) {
                throw new NetworkException(NetworkError.DIR_DUPLICATE.code(), "platform id " + p.id() + " is listed twice (" + at + ")");
            }
            if (ids.contains(p.id())) {
                throw new NetworkException(NetworkError.DIR_DUPLICATE.code(), "platform id " + p.id() + " is also a node id (" + at + ")");
            }
            if (p.name().isBlank()) {
                throw invalid(at + ".name", "must not be blank");
            }
            if (!ID.matcher(p.adapter()).matches()) {
                throw invalid(at + ".adapter", "must be an adapter kind such as json-portal");
            }
            endpoint(p.endpoint(), at + ".endpoint");
            certificate(p.encryptionCertificate(), at + ".encryptionCertificate");
            messageTypes(p.messageTypes(), at + ".messageTypes");
            Set<String> regions = new HashSet<>();
            for (int e = 0; e < p.providerEntities().size(); e++) {
                ProviderEntity pe = p.providerEntities().get(e);
                String eat = at + ".providerEntities[" + e + "]";
                if (pe == null) {
                    throw invalid(eat, "must not be null");
                }
                country(pe.country(), eat + ".country");
                if (pe.servesRegions().isEmpty()) {
                    throw invalid(eat + ".servesRegions", "must list at least one region");
                }
                for (int r = 0; r < pe.servesRegions().size(); r++) {
                    String region = pe.servesRegions().get(r);
                    if (region == null || !(region.equals("*") || COUNTRY.matcher(region).matches())) {
                        throw invalid(eat + ".servesRegions[" + r + "]", "must be a country code, EU or *");
                    }
                    if (!regions.add(region)) {
                        throw new NetworkException(NetworkError.DIR_DUPLICATE.code(), "region " + region + " of platform " + p.id()
                                + " is served by two entities (" + eat + ")");
                    }
                }
            }
        }
    }

    /** issue 19: the optional custody log key (vkey type 0x01) and witness key (type 0x04) must parse. */
    private static void witnessKeys(NodeEntry n, String at) throws NetworkException {
        try {
            if (n.custodyKey() != null) {
                eu.eevidence.gw.custody.note.NoteVerifierKey.parse(n.custodyKey());
            }
        } catch (eu.eevidence.gw.custody.CustodyException e) {
            throw invalid(at + ".custodyKey", "is not a custody log verifier key: " + e.getMessage());
        }
        try {
            if (n.witnessKey() != null) {
                eu.eevidence.gw.custody.witness.CosignerKey.parse(n.witnessKey());
            }
        } catch (eu.eevidence.gw.custody.CustodyException e) {
            throw invalid(at + ".witnessKey", "is not a witness cosigner key: " + e.getMessage());
        }
    }

    private static void id(String id, String at) throws NetworkException {
        if (!ID.matcher(id).matches()) {
            throw invalid(at, "must be 2-63 lower-case letters, digits or dashes: " + id);
        }
    }

    private static void country(String c, String at) throws NetworkException {
        if (!COUNTRY.matcher(c).matches()) {
            throw invalid(at, "must be an ISO 3166-1 alpha-2 code in upper case: " + c);
        }
    }

    private static void endpoint(String endpoint, String at) throws NetworkException {
        URI u;
        try {
            u = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new NetworkException(NetworkError.DIR_ENDPOINT.code(), at + " is not a URI");
        }
        if (!"https".equals(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            throw new NetworkException(NetworkError.DIR_ENDPOINT.code(), at + " must be an absolute https URI without user, query or fragment: " + endpoint);
        }
    }

    private static void messageTypes(List<String> types, String at) throws NetworkException {
        if (types.isEmpty()) {
            throw invalid(at, "must list at least one catalogue message type");
        }
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < types.size(); t++) {
            String name = types.get(t);
            try {
                MessageType.valueOf(name);
            } catch (RuntimeException e) {
                throw invalid(at + "[" + t + "]", "is not a catalogue message type: " + name);
            }
            if (!seen.add(name)) {
                throw new NetworkException(NetworkError.DIR_DUPLICATE.code(), at + "[" + t + "] lists " + name + " twice");
            }
        }
    }

    private static void terms(Map<String, String> terms, String at) throws NetworkException {
        for (Map.Entry<String, String> e : terms.entrySet()) {
            if (e.getKey().isBlank() || e.getValue() == null || e.getValue().isBlank()) {
                throw invalid(at, "article and text must not be blank");
            }
        }
    }

    static X509Certificate certificate(String pem, String at) throws NetworkException {
        List<X509Certificate> certs;
        try {
            certs = Certificates.parsePem(pem);
        } catch (PkiException | RuntimeException e) {
            throw new NetworkException(NetworkError.DIR_CERTIFICATE.code(), at + " is not a PEM certificate");
        }
        if (certs.size() != 1) {
            throw new NetworkException(NetworkError.DIR_CERTIFICATE.code(), at + " must hold exactly one PEM certificate, found " + certs.size());
        }
        return certs.get(0);
    }

    private static NetworkException invalid(String at, String what) {
        return new NetworkException(NetworkError.DIR_INVALID.code(), at + " " + what);
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder("$");
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                sb.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            return sb.toString();
        }
        return e.getLocation() == null ? "$" : "line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }

    /** Jackson's message on one line, without Java class and exception names. */
    private static String plain(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.replaceAll("\\([a-z]+(\\.[a-zA-Z0-9_$]+)+Exception\\)", "").replaceAll("`(?:[a-z0-9_]+\\.)+([A-Za-z0-9_$]+)`", "$1").strip();
    }
}
