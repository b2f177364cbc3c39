package eu.eevidence.gw.gateway.action;

import eu.eevidence.gw.gateway.order.RequestRecord;

/** What an action on a request came to. */
public sealed interface ActionResult {

    /** Applied; the request as it now stands. */
    record Done(RequestRecord request, String detail) implements ActionResult {
    }

    /** Not applied, with the HTTP status, a stable code and a human message. Nothing was changed. */
    record Rejected(int status, String code, String message) implements ActionResult {
    }
}
