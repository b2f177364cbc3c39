package eu.eevidence.gw.gateway.routing;

import eu.eevidence.gw.schema.ContactPointAssistanceRequest;
import eu.eevidence.gw.schema.EmergencyDisclosureRequest;
import eu.eevidence.gw.schema.EmergencyMutualAssistanceRequest;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.GiveEffectRequest;
import eu.eevidence.gw.schema.Party;
import eu.eevidence.gw.schema.PartyKind;
import eu.eevidence.gw.schema.PreservationRequest;
import eu.eevidence.gw.schema.StoredDataAssistanceRequest;
import eu.eevidence.gw.schema.UnccContactPointRequest;
import eu.eevidence.gw.schema.UnccPreservationRequest;
import eu.eevidence.gw.schema.UnccStoredDataRequest;

import javax.net.ssl.SSLContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * This node's view of the network: who it is and its peers, by node id and by Party. Which peer a request addressed to
 * a State goes to, the peers as delivery destinations, and the catalogue envelope a bare request is wrapped in before it
 * is sealed for a peer. The peers are one immutable snapshot behind a volatile reference: {@link #replace} (an accepted
 * network directory version, see {@link DirectoryPeers}) swaps in the next one at once, so every reader (intake, the
 * outbox, the inbox, the evidence endpoints, the adapter) sees the old set or the new one, never half an update.
 */
public final class PeerRoutes {

    /** The adapter kind of peer destinations in the platform directory. */
    public static final String ADAPTER_KIND = "gateway-node";

    private static final Set<PartyKind> PROVIDERS = Set.of(PartyKind.SERVICE_PROVIDER, PartyKind.DOMAIN_REGISTRATION_ENTITY);

    private final NodeIdentity self;
    private volatile Map<String, PeerSpec> peers;

    public PeerRoutes(NodeIdentity self, Collection<PeerSpec> peers) {
        this.self = Objects.requireNonNull(self, "self");
        this.peers = index(self, peers);
    }

    private static Map<String, PeerSpec> index(NodeIdentity self, Collection<PeerSpec> peers) {
        Map<String, PeerSpec> map = new LinkedHashMap<>();
        for (PeerSpec p : peers) {
            if (p.nodeId().equals(self.nodeId())) {
                throw new IllegalArgumentException(RoutingError.NET_CONFIG.code() + " peer " + p.nodeId() + " has this node's own id");
            }
            if (map.put(p.nodeId(), p) != null) {
                throw new IllegalArgumentException(RoutingError.NET_CONFIG.code() + " peer " + p.nodeId() + " is listed twice");
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /**
     * Replaces the peers by {@code next} (one swap). A peer whose identity, endpoint, certificates and message types are
     * unchanged keeps its current instance.
     *
     * @throws IllegalArgumentException {@code EEG-NET-CONFIG} when {@code next} lists an id twice or this node's own id
     *                                  (nothing changes then)
     */
    public synchronized SnapshotChanges<PeerSpec> replace(Collection<PeerSpec> next) {
        Map<String, PeerSpec> old = peers;
        Map<String, PeerSpec> nextById = index(self, next);
        Map<String, PeerSpec> result = new LinkedHashMap<>();
        List<PeerSpec> added = new ArrayList<>();
        List<PeerSpec> changed = new ArrayList<>();
        for (PeerSpec p : nextById.values()) {
            PeerSpec before = old.get(p.nodeId());
            if (before == null) {
                added.add(p);
                result.put(p.nodeId(), p);
            } else if (before.equals(p)) {
                result.put(p.nodeId(), before);
            } else {
                changed.add(p);
                result.put(p.nodeId(), p);
            }
        }
        List<PeerSpec> removed = new ArrayList<>();
        for (PeerSpec p : old.values()) {
            if (!nextById.containsKey(p.nodeId())) {
                removed.add(p);
            }
        }
        peers = java.util.Collections.unmodifiableMap(result);
        return new SnapshotChanges<>(added, changed, removed);
    }

    public NodeIdentity self() {
        return self;
    }

    public Optional<PeerSpec> byId(String nodeId) {
        return Optional.ofNullable(nodeId == null ? null : peers.get(nodeId));
    }

    public Collection<PeerSpec> all() {
        return peers.values();
    }

    /**
     * The peer that takes {@code messageType} for {@code party} (an ISO country code); empty for this node's own
     * Party or when no peer of that Party accepts the type. With several, the first configured.
     */
    public Optional<PeerSpec> forParty(String party, String messageType) {
        if (party == null || party.equals(self.country())) {
            return Optional.empty();
        }
        return peers.values().stream().filter(p -> p.country().equals(party) && p.accepts(messageType)).findFirst();
    }

    /**
     * Where a submission goes when it is addressed to another State: the receiver's Party of an envelope addressed to an
     * authority, else (when the request names no platform this node knows) the request's requested Party.
     *
     * @param knownPlatform whether the request names a platform of this node's directory
     */
    public Optional<PeerSpec> route(Envelope envelope, EvidenceRequest request, boolean knownPlatform) {
        String type = request.type().name();
        if (envelope != null && envelope.receiver() != null && !PROVIDERS.contains(envelope.receiver().kind())) {
            return forParty(envelope.receiver().country(), type);
        }
        if (knownPlatform) {
            return Optional.empty();
        }
        return forParty(envelope != null ? envelope.receiver().country() : requestedParty(request), type);
    }

    /** The Party a request asks (the requested Party of the Budapest and Protocol requests), or null. */
    public static String requestedParty(EvidenceRequest request) {
        if (request instanceof PreservationRequest p) {
            return p.requestedParty();
        }
        if (request instanceof GiveEffectRequest g) {
            return g.requestedParty();
        }
        if (request instanceof StoredDataAssistanceRequest s) {
            return s.requestedParty();
        }
        if (request instanceof ContactPointAssistanceRequest c) {
            return c.requestedParty();
        }
        if (request instanceof EmergencyDisclosureRequest e) {
            return e.requestedParty();
        }
        if (request instanceof EmergencyMutualAssistanceRequest e) {
            return e.requestedParty();
        }
        if (request instanceof UnccPreservationRequest u) {
            return u.requestedParty();
        }
        if (request instanceof UnccStoredDataRequest u) {
            return u.requestedParty();
        }
        if (request instanceof UnccContactPointRequest u) {
            return u.requestedParty();
        }
        return null;
    }

    /** A header value as it may appear in a log line (no control characters, 64 characters at most). */
    public static String printable(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._:-]", "?");
        return t.length() > 64 ? t.substring(0, 64) : t;
    }

    /** The catalogue party kind of a node's function. */
    public static PartyKind kindOf(NodeRole role) {
        return switch (role) {
            case CONTACT_POINT_24_7 -> PartyKind.CONTACT_POINT_24_7;
            case CENTRAL_AUTHORITY -> PartyKind.CENTRAL_AUTHORITY;
            case ISSUING_AUTHORITY -> PartyKind.REQUESTING_AUTHORITY;
        };
    }

    public static Party party(NodeIdentity node) {
        return new Party(kindOf(node.role()), node.nodeId(), node.country(), null);
    }

    /** A bare request as the envelope sent to {@code peer}: sender this node's Party, receiver the peer's. */
    public Envelope wrap(EvidenceRequest request, String messageId, PeerSpec peer, OffsetDateTime now) {
        return new Envelope(messageId, null, Envelope.CURRENT_VERSION, party(self), party(peer.identity()), now, request);
    }

    /** A follow-up of this node (e.g. a withdrawal) about the message {@code correlationId} it sent to {@code peer}. */
    public Envelope followUp(String messageId, String correlationId, PeerSpec peer, OffsetDateTime now, eu.eevidence.gw.schema.LifecycleMessage body) {
        return new Envelope(messageId, correlationId, Envelope.CURRENT_VERSION, party(self), party(peer.identity()), now, body);
    }

    /** A message id for a request of this node that its client sent without an envelope. */
    public String messageIdFor(String requestId) {
        return self.nodeId() + ":" + requestId;
    }

    /** The peers as destinations of the delivery machinery (one durable queue each), reached with {@code tls}. */
    public List<Platform> destinations(SSLContext tls) {
        List<Platform> out = new ArrayList<>();
        for (PeerSpec p : peers.values()) {
            out.add(destination(p, tls));
        }
        return out;
    }

    /** One peer as a destination of the delivery machinery. */
    public static Platform destination(PeerSpec p, SSLContext tls) {
        return new Platform(p.nodeId(), ADAPTER_KIND, p.endpoint(), p.certificate(), tls);
    }
}
