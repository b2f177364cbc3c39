package eu.eevidence.gw.gateway.trust;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The node's public trust services over HTTPS (no client certificate needed, outside {@code /api}):
 * {@code POST /ocsp} (RFC 6960 A.1, {@code application/ocsp-request} -> {@code application/ocsp-response}; also
 * {@code GET /ocsp/<url-encoded base 64 request>}) and
 * {@code POST /tsa} (RFC 3161 3.4, {@code application/timestamp-query} -> {@code application/timestamp-reply}).
 * Both delegate to pure functions of the pki module ({@code OcspResponder::respond}, {@code DevTsa::respond}),
 * which never throw and answer malformed input with a protocol-level error status; bodies are limited to 64 KiB.
 */
public final class TrustServices {

    static final int MAX_BODY = 64 * 1024;

    private TrustServices() {
    }

    /**
     * The JAX-RS resources to pass to {@code RestServer.start}; either function may be {@code null} (not served).
     *
     * @param ocsp for example {@code certificateAuthority.ocspResponder(Duration.ofHours(1))::respond}
     * @param tsa  for example {@code new DevTsa(tsaKey, clock)::respond}
     */
    public static List<Object> resources(UnaryOperator<byte[]> ocsp, UnaryOperator<byte[]> tsa) {
        List<Object> out = new ArrayList<>();
        if (ocsp != null) {
            out.add(new Ocsp(ocsp));
        }
        if (tsa != null) {
            out.add(new Tsa(tsa));
        }
        return out;
    }

    static Response answer(InputStream body, UnaryOperator<byte[]> f, String type) {
        byte[] req;
        try {
            req = body.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            return Problems.of(400, TrustError.HTTP_400, "Unreadable body", "the request body could not be read");
        }
        if (req.length > MAX_BODY) {
            return Problems.of(413, TrustError.HTTP_413, "Payload too large", "the body exceeds " + MAX_BODY + " bytes");
        }
        return Response.ok(f.apply(req), type).header("Cache-Control", "no-store").build();
    }

    /** {@code POST /ocsp}. */
    @Path("/ocsp")
    public static final class Ocsp {
        private final UnaryOperator<byte[]> responder;

        Ocsp(UnaryOperator<byte[]> responder) {
            this.responder = responder;
        }

        @POST
        @Consumes("application/ocsp-request")
        @Produces("application/ocsp-response")
        public Response ocsp(InputStream body) {
            return answer(body, responder, "application/ocsp-response");
        }

        /**
         * RFC 6960 A.1 GET: {@code /ocsp/{url-encoding of base-64 encoding of the DER OCSPRequest}}. Requests that do
         * not decode get the responder's malformedRequest answer, like a bad POST body.
         */
        @GET
        @Path("{request: .+}")
        @Produces("application/ocsp-response")
        public Response ocspGet(@Encoded @PathParam("request") String encoded) {
            if (encoded.length() > MAX_BODY * 2) {
                return Problems.of(414, TrustError.HTTP_414, "URI too long", "send large OCSP requests with POST");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(percentDecode(encoded));
            } catch (IllegalArgumentException e) {
                der = new byte[0];
            }
            return Response.ok(responder.apply(der), "application/ocsp-response").header("Cache-Control", "no-store").build();
        }
    }

    /** Percent-decoding of a path segment; a '+' stays a '+' (it is part of base 64, not a space in a path). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("truncated percent escape");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code POST /tsa}. */
    @Path("/tsa")
    public static final class Tsa {
        private final UnaryOperator<byte[]> tsa;

        Tsa(UnaryOperator<byte[]> tsa) {
            this.tsa = tsa;
        }

        @POST
        @Consumes("application/timestamp-query")
        @Produces("application/timestamp-reply")
        public Response tsa(InputStream body) {
            return answer(body, tsa, "application/timestamp-reply");
        }
    }
}
