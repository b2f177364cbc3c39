package eu.eevidence.gw.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A request that a national authority sends through the gateway. Sealed: every permitted type is a record
 * of the catalogue, and code that consumes requests switches over them exhaustively.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = PreservationRequest.class, name = "BUDAPEST_ART29_PRESERVATION")
})
public sealed interface EvidenceRequest permits PreservationRequest {

    MessageType type();

    /** The sender's own reference; doubles as idempotency key when no {@code Idempotency-Key} header is sent. */
    String clientRequestId();

    Authority requestingAuthority();

    /** The platform (service provider) that holds the data, as registered in the node's directory. */
    String platformId();
}
