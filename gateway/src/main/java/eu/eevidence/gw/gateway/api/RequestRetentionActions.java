package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.privacy.OnwardTransfers;
import eu.eevidence.gw.gateway.privacy.PrivacyError;
import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The retention operations of {@code /api/v1/requests/{id}} (ADR-0020) behind {@link RequestResource}'s methods: legal
 * hold, purge now and onward transfers, by the request's owner (the submitting certificate); anyone else gets the
 * same 404 as for an unknown id.
 */
final class RequestRetentionActions {

    private final RequestRepository requests;
    private final RetentionService retention;
    private final int maxBodyBytes;
    private final Clock clock;

    RequestRetentionActions(RequestRepository requests, RetentionService retention, int maxBodyBytes, Clock clock) {
        this.requests = requests;
        this.retention = retention;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** Places a legal hold: the request's personal data are not purged at the end of retention. {@code {"reason": "..."}} */
    Response placeHold(ClientIdentity client, String id, InputStream body) throws IOException {
        Optional<RequestRecord> r = owned(client, id);
        if (r.isEmpty()) {
            return RequestResource.notFound();
        }
        ActionBody b = ActionBody.read(body, maxBodyBytes);
        if (b.error() != null) {
            return b.error();
        }
        String reason = b.text("reason");
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            return Problems.of(422, ApiError.ACT_HOLD_REASON, "Invalid action", "a legal hold needs a reason (1-1000 characters), e.g. the case and order",
                    List.of(new Violation("$.reason", ApiError.ACT_HOLD_REASON.code(), "required, 1-1000 characters")));
        }
        if (!retention.setLegalHold(id, reason.strip(), "client:" + client.fingerprint())) {
            return Problems.of(409, PrivacyError.RET_PURGED, "Conflict", "the request's personal data were already purged");
        }
        return Json.ok(200, RequestViews.view(requests.find(id).orElseThrow(), clock.instant()));
    }

    /**
     * Purges the request's personal data now (ADR-0020), on the request of its owner: its data key is destroyed and its
     * content erased in every store, as at the end of retention; recorded on the timeline and in the custody log. Only a
     * closed request without a legal hold can be purged.
     */
    Response purge(ClientIdentity client, String id) {
        Optional<RequestRecord> r = owned(client, id);
        if (r.isEmpty()) {
            return RequestResource.notFound();
        }
        return switch (retention.purgeNow(id, "client:" + client.fingerprint(), null)) {
            case PURGED -> Json.ok(200, RequestViews.view(requests.find(id).orElseThrow(), clock.instant()));
            case UNKNOWN -> RequestResource.notFound();
            case ALREADY_PURGED -> Problems.of(410, PrivacyError.RET_PURGED, "Gone", "the personal data of this request were already purged");
            case LEGAL_HOLD -> Problems.of(409, ApiError.RET_HOLD, "Conflict", "a legal hold is recorded on this request; lift it before purging");
            case NOT_CLOSED -> Problems.of(409, ApiError.RET_NOT_CLOSED, "Conflict", "the request is still in progress; only a closed request can be purged");
        };
    }

    /**
     * Records an onward transfer of the request's data to another authority (Protocol Art. 14(10), ADR-0020), by the
     * request's owner: {@code {"recipient": ..., "legalBasis": ..., "authorisationReference": ...}}, all required.
     */
    Response recordOnwardTransfer(ClientIdentity client, String id, InputStream body) throws IOException {
        Optional<RequestRecord> r = owned(client, id);
        if (r.isEmpty()) {
            return RequestResource.notFound();
        }
        ActionBody b = ActionBody.read(body, maxBodyBytes);
        if (b.error() != null) {
            return b.error();
        }
        OnwardTransfers.Outcome o = retention.onwardTransfers().record(id, client.fingerprint(), b.text("recipient"),
                b.text("legalBasis"), b.text("authorisationReference"));
        if (!o.violations().isEmpty()) {
            return Problems.of(422, o.violations().get(0).code(), "Invalid onward transfer",
                    "an onward transfer needs a recipient, a legal basis and the authorisation reference", o.violations());
        }
        if (o.purged()) {
            return Problems.of(410, PrivacyError.RET_PURGED, "Gone", "the personal data of this request were purged; nothing can be transferred");
        }
        return Json.ok(201, RequestViews.transferView(o.transfer()));
    }

    /** The onward transfers recorded for the request (the caller may see it: its owner or an auditor). */
    Response onwardTransfers(String id) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (OnwardTransfers.Transfer t : retention.onwardTransfers().list(id)) {
            list.add(RequestViews.transferView(t));
        }
        return Json.ok(200, Map.of("requestId", id, "transfers", list));
    }

    /** Lifts a legal hold; retention applies again. */
    Response liftHold(ClientIdentity client, String id) {
        Optional<RequestRecord> r = owned(client, id);
        if (r.isEmpty()) {
            return RequestResource.notFound();
        }
        if (!retention.setLegalHold(id, null, "client:" + client.fingerprint())) {
            return Problems.of(409, PrivacyError.RET_PURGED, "Conflict", "the request's personal data were already purged");
        }
        return Json.ok(200, RequestViews.view(requests.find(id).orElseThrow(), clock.instant()));
    }

    private Optional<RequestRecord> owned(ClientIdentity client, String id) {
        if (!client.hasAnyRole(RequestResource.SUBMITTERS) || !RequestIds.looksValid(id)) {
            return Optional.empty();
        }
        return requests.find(id).filter(x -> x.ownerFingerprint().equals(client.fingerprint()));
    }
}
