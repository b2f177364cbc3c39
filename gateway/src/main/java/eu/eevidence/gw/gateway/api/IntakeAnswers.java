package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.answer.AnswerError;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.intake.IntakeResult;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The HTTP answer to a submission ({@code POST /api/v1/requests}) for each {@link IntakeResult}. */
final class IntakeAnswers {

    private IntakeAnswers() {
    }

    /** 201 with {@code Location} (200 and {@code Idempotent-Replayed} for a replay), else the problem of the refusal. */
    static Response response(IntakeResult result, URI publicBase) {
        if (result instanceof IntakeResult.Created created) {
            return Response.fromResponse(Json.ok(201, RequestViews.view(created.request())))
                    .location(absolute(publicBase, "/api/v1/requests/" + created.request().id())).build();
        }
        if (result instanceof IntakeResult.Replayed replayed) {
            return Response.fromResponse(Json.ok(200, RequestViews.view(replayed.request())))
                    .location(absolute(publicBase, "/api/v1/requests/" + replayed.request().id()))
                    .header("Idempotent-Replayed", "true").build();
        }
        if (result instanceof IntakeResult.Conflict conflict) {
            return Problems.of(409, ApiError.REQ_IDEMPOTENCY_CONFLICT, "Conflict",
                    "this Idempotency-Key was used before with a different body (request " + conflict.existingRequestId() + ")");
        }
        if (result instanceof IntakeResult.Invalid invalid) {
            return invalid.syntactic()
                    ? Problems.of(400, AnswerError.REQ_MALFORMED, "Malformed request", "the body could not be read as a message", invalid.violations())
                    : Problems.of(422, AnswerError.REQ_INVALID, "Invalid request", "the request breaks the rules listed in errors", invalid.violations());
        }
        if (result instanceof IntakeResult.Refused refused) { // ADR-0021: signer mismatch (403), replayed signed request (409)
            return Problems.of(refused.status(), refused.code(), refused.title(), refused.detail());
        }
        IntakeResult.Unavailable unavailable = (IntakeResult.Unavailable) result;
        return Response.fromResponse(Problems.of(503, unavailable.code(), "Service unavailable", unavailable.reason()))
                .header("Retry-After", "5").build();
    }

    /** The absolute URL of {@code path} (starting with /) under the node's public base URL. */
    static URI absolute(URI base, String path) {
        return base == null ? URI.create(path) : URI.create(base.toString().replaceAll("/+$", "") + path);
    }
}
