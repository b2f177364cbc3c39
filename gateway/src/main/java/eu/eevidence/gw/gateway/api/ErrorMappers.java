package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** Every error leaves the API as problem+json with a stable code; no stack trace, class name or library text. */
public final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    /** Errors raised by the JAX-RS runtime itself: unknown path, wrong method, unsupported media type, ... */
    @Provider
    public static final class HttpErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            if (status >= 500) {
                return Unexpected.internal(e);
            }
            String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
            return Problems.of(status, ApiError.HTTP.withStatus(status), title, null);
        }
    }

    /** Anything else is a bug: logged with an incident id, answered 500 with that id only. */
    @Provider
    public static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return internal(e);
        }

        static Response internal(Throwable e) {
            if (ClientGone.tooSlow(e)) {
                ClientGone.log(e);
                return Problems.of(408, ApiError.HTTP_408, "Request Timeout", ProblemErrorPages.detail(408));
            }
            if (ClientGone.is(e)) {
                ClientGone.log(e);
                return Problems.of(400, ApiError.HTTP_CLIENT_GONE, "Client closed the connection", null);
            }
            String incident = UUID.randomUUID().toString();
            LOG.error(ApiError.INTERNAL.code() + " incident {}", incident, e);
            return Problems.of(500, ApiError.INTERNAL, "Internal error", "incident " + incident);
        }
    }
}
