package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.RequestRecord;

/** Who sees a request through the request resources (and the archive's read-only filter, ADR-0039). */
final class RequestVisibility {

    private RequestVisibility() {
    }

    /** Submitters see their own requests; an auditor sees all (null scope). */
    static String scope(ClientIdentity client) {
        return client.hasAnyRole(RequestResource.SUBMITTERS) ? client.fingerprint() : null;
    }

    /** The visibility check of every request resource: a reader role, and a submitter sees only its own requests. */
    static boolean visibleTo(ClientIdentity client, RequestRecord r) {
        if (!client.hasAnyRole(RequestResource.READERS)) {
            return false;
        }
        String scope = scope(client);
        return scope == null || r.ownerFingerprint().equals(scope);
    }
}
