package eu.eevidence.gw.gateway.cases;

import java.time.Instant;

/** A catalogue message of a case: IN from the requester, OUT handed to the transport for the requester. */
public record CaseMessage(String messageId, String caseId, String direction, String messageType, String bodySha256, Instant recordedAt,
                          String outboxId) {
}
