package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Errors that Jetty itself answers (a URI it cannot parse, headers too large, a body too slow, no handler) leave as
 * problem+json with the stable code {@code EEG-HTTP-<status>} too: no HTML page, no server name or version, no
 * exception text. One instance serves the server; {@link Servlet} the servlet context that hosts CXF.
 */
public final class ProblemErrorPages {

    private ProblemErrorPages() {
    }

    /** A fixed, human detail per status: never the parser's own message, which may echo the client's bytes. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP (request line, URI, headers or framing)";
            case 404 -> "no such resource";
            case 405 -> "method not allowed; this node answers " + EdgeGate.ALLOW;
            case 408 -> "the request did not arrive in time (idle or too slow)";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "unsupported content type or encoding";
            case 431 -> "the request headers are too large";
            case 500 -> "internal error";
            case 501 -> "not implemented";
            case 503 -> "the node is not available (starting, stopping or overloaded); retry later";
            default -> status >= 500 ? "server error" : "the request cannot be served";
        };
    }

    static byte[] body(int status) {
        String title = HttpStatus.getMessage(status);
        return Problems.body(status, ApiError.HTTP.withStatus(status), title == null ? "Error" : title, detail(status)).getBytes(StandardCharsets.UTF_8);
    }

    static void writeProblem(Request request, Response response, int status, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(body(status)), callback);
    }

    /** The server's error handler (errors outside any context, and bad messages before a request exists). */
    public static final class Server extends ErrorHandler {
        public Server() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            writeProblem(request, response, code, callback);
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) {
            writeProblem(request, response, code, callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
            fields.put(HttpHeader.CACHE_CONTROL, "no-store");
            return ByteBuffer.wrap(body(status));
        }
    }

    /** The error handler of the servlet context that hosts CXF (errors raised around the servlet). */
    public static final class Servlet extends org.eclipse.jetty.ee11.servlet.ErrorHandler {
        public Servlet() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) {
            writeProblem(request, response, code, callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
            return ByteBuffer.wrap(body(status));
        }
    }
}
