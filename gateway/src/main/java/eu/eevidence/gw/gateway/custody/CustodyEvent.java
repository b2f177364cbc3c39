package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.order.RequestState;

import java.time.Instant;

/**
 * One custody event as the gateway sees it, before it becomes a log entry. The actor is named in the full record
 * (kept in the database); the entry carries only its certificate fingerprint.
 *
 * @param requestId      the gateway request id ({@code REQ-...}) or null
 * @param actor          who acted, as on the timeline ({@code client:<fingerprint>}, {@code node}, {@code platform:<id>})
 * @param actorCertSha256 hex SHA-256 fingerprint of the actor's certificate, or null for the node itself / unknown
 * @param messageSha256  hex SHA-256 of the message concerned, or null
 * @param detail         free text for the full record (never in the entry)
 */
public record CustodyEvent(CustodyEventType type, String requestId, Instant occurredAt, String actor, String actorCertSha256,
                           RequestState from, RequestState to, String messageSha256, String detail) {
}
