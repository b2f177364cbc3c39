package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Strict request headers at the edge, before authentication and before any body is read or anything stored
 * (issue 14, "strict input"):
 * <ul>
 *   <li>a header that may appear once ({@link #SINGLETONS}) appearing twice is {@code 400 EEG-HTTP-DUPLICATE-HEADER}
 *       (RFC 9110 section 5.3: a recipient must not combine them; which one would win is ambiguous between proxies and
 *       the node, and an idempotency key must be one key);</li>
 *   <li>any {@code Content-Encoding} on a request is {@code 415 EEG-HTTP-415}: the node never decompresses request
 *       bodies (no decompression bombs, bounds stay on the bytes received);</li>
 *   <li>a JSON or XML {@code Content-Type} with a {@code charset} other than {@code utf-8} (case-insensitive) is
 *       {@code 415 EEG-HTTP-415} (bodies are read as UTF-8 only; RFC 8259 section 8.1).</li>
 * </ul>
 * The pushed answers of HI-1 platforms ({@code /eevidence/...}) keep their adapter's own content-type handling; the
 * duplicate and content-encoding rules apply to them too.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class StrictInputFilter implements ContainerRequestFilter {

    /** Headers a request may carry at most once. */
    public static final List<String> SINGLETONS = List.of("Host", "Content-Type", "Content-Length", "Content-Encoding", "Idempotency-Key");

    private static final Logger LOG = LoggerFactory.getLogger(StrictInputFilter.class);

    @Override
    public void filter(ContainerRequestContext ctx) {
        Map<String, List<String>> raw = protocolHeaders();
        for (String name : SINGLETONS) {
            int n = count(raw, ctx, name);
            if (n > 1) {
                LOG.info(ApiError.HTTP_DUPLICATE_HEADER.code() + " {} {} with {} {} headers refused", ctx.getMethod(), ctx.getUriInfo().getPath(), n, name);
                EarlyRefusal.abort(ctx, Problems.of(400, ApiError.HTTP_DUPLICATE_HEADER, "Duplicate header",
                        "the header " + name + " may appear only once in a request"));
                return;
            }
        }
        String encoding = ctx.getHeaderString("Content-Encoding");
        if (encoding != null) {
            EarlyRefusal.abort(ctx, Problems.of(415, ApiError.HTTP_415, "Unsupported Media Type",
                    "request bodies are accepted without Content-Encoding only (no gzip, deflate, br, ...)"));
            return;
        }
        if (crossSite(ctx.getMethod(), ctx.getHeaderString("Sec-Fetch-Site"))) {
            LOG.info(ApiError.HTTP_CROSS_SITE.code() + " {} {} from another site refused", ctx.getMethod(), ctx.getUriInfo().getPath());
            EarlyRefusal.abort(ctx, Problems.of(403, ApiError.HTTP_CROSS_SITE, "Forbidden",
                    "a browser page of another site (or another port) may not send this request; use the node's own console"));
            return;
        }
        String path = ctx.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (crossSiteRead(ctx.getMethod(), p, ctx.getHeaderString("Sec-Fetch-Site"), ctx.getHeaderString("Sec-Fetch-Mode"),
                ctx.getHeaderString("Sec-Fetch-Dest"))) {
            LOG.info(ApiError.HTTP_CROSS_SITE.code() + " {} {} embedded by another site refused", ctx.getMethod(), path);
            EarlyRefusal.abort(ctx, Problems.of(403, ApiError.HTTP_CROSS_SITE, "Forbidden",
                    "a browser page of another site (or another port) may not load this; open it in the node's own console"));
            return;
        }
        if (p.startsWith("eevidence/")) {
            return;
        }
        String contentType = ctx.getHeaderString("Content-Type");
        if (contentType != null && isText(contentType) && !charsetIsUtf8OrAbsent(contentType)) {
            EarlyRefusal.abort(ctx, Problems.of(415, ApiError.HTTP_415, "Unsupported Media Type",
                    "JSON and XML bodies are accepted in UTF-8 only: send Content-Type: application/json with no charset or charset=utf-8"));
        }
    }

    /**
     * True for a state-changing request that a browser says comes from a page of another origin's site or of the same site
     * but another origin ({@code Sec-Fetch-Site: cross-site | same-site}, W3C Fetch Metadata). The API authenticates by the
     * client certificate alone, which a browser presents for any page; a simple cross-site POST (a form, text/plain) would
     * otherwise reach the endpoints that accept any content type. Clients other than browsers send no such header.
     */
    static boolean crossSite(String method, String secFetchSite) {
        if (secFetchSite == null || "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        String v = secFetchSite.trim().toLowerCase(Locale.ROOT);
        return v.equals("cross-site") || v.equals("same-site");
    }

    /**
     * True for a read of the API or a console page ({@code api/**}, {@code console/**} but the public
     * {@code console/assets/**}) that a browser makes for a page of another site or origin other than a top-level
     * navigation: an {@code <img>}, {@code <script>}, {@code <iframe>} or {@code fetch()} of another site (Fetch Metadata
     * resource isolation policy). The browser presents the person's certificate for them, and some reads are recorded (a
     * platform's read of an order is an access to personal data on the request's timeline), so another site must not be able
     * to make them happen unseen (security review 2026-12-07). A link the person follows ({@code navigate}, {@code document})
     * still opens the page; clients other than browsers send no such header.
     */
    static boolean crossSiteRead(String method, String path, String secFetchSite, String secFetchMode, String secFetchDest) {
        if (secFetchSite == null || !("GET".equals(method) || "HEAD".equals(method))) {
            return false;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        boolean guarded = p.equals("api") || p.startsWith("api/") || p.equals("console") || (p.startsWith("console/") && !p.startsWith("console/assets/"));
        String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
        if (!guarded || !(site.equals("cross-site") || site.equals("same-site"))) {
            return false;
        }
        String mode = secFetchMode == null ? "" : secFetchMode.trim().toLowerCase(Locale.ROOT);
        String dest = secFetchDest == null ? "" : secFetchDest.trim().toLowerCase(Locale.ROOT);
        return !(mode.equals("navigate") && dest.equals("document"));
    }

    /** True for JSON and XML media types ({@code application/json}, {@code application/xml}, {@code text/xml}, {@code +json}, {@code +xml}). */
    static boolean isText(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("application/xml") || type.equals("text/xml")
                || type.endsWith("+json") || type.endsWith("+xml");
    }

    /** True when the media type has no charset parameter or only {@code charset=utf-8} (any case, optionally quoted). */
    static boolean charsetIsUtf8OrAbsent(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).trim();
            if (!name.equalsIgnoreCase("charset")) {
                continue;
            }
            String value = eq < 0 ? "" : param.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * How often the header occurs: from the transport's header lines when available (one entry per line), else from
     * JAX-RS; names compared case-insensitively (RFC 9110 section 5.1), whatever the map does.
     */
    static int count(Map<String, List<String>> raw, ContainerRequestContext ctx, String name) {
        Map<String, List<String>> headers = raw != null ? raw : ctx.getHeaders();
        int n = 0;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                n += e.getValue().size();
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> protocolHeaders() {
        Message m = JAXRSUtils.getCurrentMessage();
        Object h = m == null ? null : m.get(Message.PROTOCOL_HEADERS);
        return h instanceof Map<?, ?> map ? (Map<String, List<String>>) map : null;
    }
}
