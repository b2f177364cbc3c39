package eu.eevidence.gw.gateway.witness;

import java.net.URI;

/** Where a node's witness listens (C2SP tlog-witness submission prefix {@code <node>/api/v1/witness}). */
public final class WitnessProtocol {

    /** The submission prefix on every node; {@code add-checkpoint} is below it. */
    public static final String PREFIX = "/api/v1/witness";
    public static final String ADD_CHECKPOINT = PREFIX + "/add-checkpoint";

    private WitnessProtocol() {
    }

    /** The add-checkpoint URL of a peer whose API base is {@code endpoint}. */
    public static URI addCheckpoint(URI endpoint) {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + ADD_CHECKPOINT);
    }
}
