package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.adapter.api.Operation;

import java.util.Optional;

/**
 * The follow-ups a requester sends after the first message of a request (ADR-0032), each with the adapter
 * {@link Operation} that carries it to a platform and whether it travels to a peer node as a catalogue message. The name
 * is the {@link Notice#kind()} of its notice; the operation's name is the message type an adapter is given.
 */
public enum FollowUpType {
    /** The request is withdrawn (catalogue WITHDRAWAL). */
    WITHDRAWAL(Operation.WITHDRAWAL, true),
    /** A deadline of the request is changed (catalogue DEADLINE_CHANGE; TS 104 144 newdeadline). */
    DEADLINE_CHANGE(Operation.NEW_DEADLINE, true),
    /**
     * An EPOC-PR is extended once by 30 days (Reg. (EU) 2023/1543 Annex VI; catalogue EU_ANNEX6_EXTENSION, whose only
     * receivers are service providers: an EPOC-PR never goes to a peer node, nor does its extension).
     */
    ANNEX6_EXTENSION(Operation.PRESERVATION_EXTENSION, false),
    /** Another preservation is extended (e.g. ETS 185 Art. 29; to a peer as a DEADLINE_CHANGE with the new end). */
    PRESERVATION_EXTENSION(Operation.PRESERVATION_EXTENSION, true),
    /** The subsequent production request was issued (Reg. (EU) 2023/1543 Annex V; to service providers only, as Annex VI). */
    ANNEX5_CONFIRMATION(Operation.SUBSEQUENT_PRODUCTION, false),
    /** The requester answers a clarification request (catalogue CLARIFICATION_ANSWER). */
    CLARIFICATION_ANSWER(Operation.CORRESPONDENCE, true),
    /** Formal correspondence about the request: no catalogue message exists for it, so it does not travel to a peer node. */
    CORRESPONDENCE(Operation.CORRESPONDENCE, false),
    /**
     * Hashes of content a removal order had removed, for resurfacing prevention (CM/Rec(2026)2 para. 39.5; catalogue
     * CONTENT_HASH_LIST; ADR-0038). To a peer node only where the directory records a hash-list agreement with it
     * ({@code PeerSpec.acceptsHashLists}), so not by type alone.
     */
    HASH_LIST(Operation.HASH_LIST, false);

    private final Operation operation;
    private final boolean toPeers;

    FollowUpType(Operation operation, boolean toPeers) {
        this.operation = operation;
        this.toPeers = toPeers;
    }

    /** The adapter operation that carries it. */
    public Operation operation() {
        return operation;
    }

    /** Whether a peer node can be sent it (as a catalogue lifecycle message). */
    public boolean travelsToPeers() {
        return toPeers;
    }

    /** The type of a notice kind; empty for a kind this version does not know. */
    public static Optional<FollowUpType> ofKind(String kind) {
        for (FollowUpType t : values()) {
            if (t.name().equals(kind)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The message type an adapter is given for a notice of {@code kind}: the operation's name, or the kind itself. */
    public static String messageTypeOf(String kind) {
        return ofKind(kind).map(t -> t.operation.name()).orElse(kind);
    }
}
