package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.pki.Role;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * The console's foundation, shared by every page resource (ADR-0024, docs/design/console.md):
 * <ul>
 *   <li>{@link #page(String, Set)}: the role guard (403 {@code EEG-AUTH-ROLE}, as the API) and the {@link ConsolePage} of the
 *       current request (identity from {@link ClientCertificateFilter}, language, zone, CSRF token);</li>
 *   <li>{@link #checkCsrf(MultivaluedMap)}: the CSRF guard of every POST, to call first (403 {@code EEG-CONSOLE-CSRF});</li>
 *   <li>{@link #html(int, Consumer)}: renders a precompiled jte template into a {@code text/html} answer;</li>
 *   <li>{@link #seeOther(String)}: the 303 after a successful POST (post/redirect/get).</li>
 * </ul>
 * Security headers and {@code Cache-Control: no-store} are added to every console answer by {@link ConsoleResponses}.
 */
public final class Console {

    public static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("utf-8");

    private final CsrfTokens csrf;
    private final Clock clock;

    public Console(CsrfTokens csrf, Clock clock) {
        this.csrf = csrf;
        this.clock = clock;
    }

    public Console(Clock clock) {
        this(new CsrfTokens(clock), clock);
    }

    public Clock clock() {
        return clock;
    }

    public CsrfTokens csrfTokens() {
        return csrf;
    }

    /**
     * The page of the current request for a person with one of {@code roles}; otherwise 403 {@code EEG-AUTH-ROLE} (the
     * message key {@code titleKey} is translated as the page's title).
     */
    public ConsolePage page(String titleKey, Set<Role> roles) {
        ClientIdentity id = ClientCertificateFilter.currentClient();
        if (id == null) {
            throw new ConsoleRefusal(401, ApiError.AUTH_NO_CERT.code(), "the console needs the person's client certificate");
        }
        if (!id.hasAnyRole(roles)) {
            throw new ConsoleRefusal(403, ApiError.AUTH_ROLE.code(), "this page needs the role " + String.join(" or ",
                    roles.stream().map(Role::name).sorted().toList()));
        }
        ConsolePage p = pageFor(Who.of(id), RequestInfo.current());
        return p.titled(p.t(titleKey));
    }

    /** The page of the current request for any signed-in person (no role needed). */
    public ConsolePage anyone(String titleKey) {
        return page(titleKey, Set.of(Role.values()));
    }

    ConsolePage pageFor(Who who, RequestInfo info) {
        Locale locale = ConsoleLocale.language(info.cookie(ConsoleLocale.LANG_COOKIE), info.header("Accept-Language"));
        return new ConsolePage(who, new Messages(locale), ConsoleLocale.zone(info.cookie(ConsoleLocale.TZ_COOKIE)),
                who == null ? null : csrf.issue(who.fingerprint()), info.path(), "", clock.instant());
    }

    /** Refuses (403 {@code EEG-CONSOLE-CSRF}) a form without this person's valid CSRF token; call it before anything else. */
    public void checkCsrf(MultivaluedMap<String, String> form) {
        ClientIdentity id = ClientCertificateFilter.currentClient();
        String token = form == null ? null : form.getFirst(CsrfTokens.FIELD);
        if (id == null || !csrf.valid(id.fingerprint(), token)) {
            throw new ConsoleRefusal(403, ConsoleError.CONSOLE_CSRF.code(),
                    "the form's security token is missing, expired or not yours; reload the page and send the form again");
        }
    }

    /** A {@code text/html} answer rendered by {@code template} (a generated jte class's {@code render}). */
    public static Response html(int status, Consumer<HtmlTemplateOutput> template) {
        StringOutput out = new StringOutput();
        template.accept(new OwaspHtmlTemplateOutput(out));
        return Response.status(status).type(HTML).header("Cache-Control", "no-store").entity(out.toString()).build();
    }

    /** 303 See Other to a console path (post/redirect/get: a reload never sends the form again). */
    public static Response seeOther(String consolePath) {
        if (!safeConsolePath(consolePath)) {
            consolePath = "/console/";
        }
        // A relative Location (RFC 9110 section 10.2.2), set as a raw header: ResponseBuilder.location() would resolve it
        // against CXF's base URI, which can name another origin than the one the browser used (localhost vs 127.0.0.1),
        // and CSP form-action 'self' then blocks the redirect of a form post.
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, consolePath).header("Cache-Control", "no-store").build();
    }

    /**
     * True for a local console path ("/console/..."), never another origin ("//x", "/\\x") or a scheme, and never a path
     * that a browser resolves out of {@code /console/}: the path part takes no percent-encoding at all (a browser treats
     * {@code %2e%2e} as a {@code ..} segment, so {@code /console/%2e%2e/api} would lead to {@code /api}); only the query
     * may carry percent-escapes (security review 2026-12-07, docs/design/console.md).
     */
    public static boolean safeConsolePath(String p) {
        if (p == null || p.length() > 512 || !(p.equals("/console") || p.startsWith("/console/"))) {
            return false;
        }
        int q = p.indexOf('?');
        String path = q < 0 ? p : p.substring(0, q);
        String query = q < 0 ? "" : p.substring(q + 1);
        return path.matches("[A-Za-z0-9/_.\\-]*") && !path.contains("//") && !path.contains("..")
                && query.matches("[A-Za-z0-9_.\\-=&%]*") && !query.matches(".*%(0[0-9a-fA-F]|1[0-9a-fA-F]|7[fF]).*");
    }

    /** Headers, cookies and path of the current request, from CXF's message (resources and filters alike). */
    public record RequestInfo(Map<String, List<String>> headers, String path) {

        @SuppressWarnings("unchecked")
        public static RequestInfo current() {
            Message m = JAXRSUtils.getCurrentMessage();
            Message in = m == null ? null : m.getExchange() != null && m.getExchange().getInMessage() != null ? m.getExchange().getInMessage() : m;
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String path = "/console/";
            if (in != null) {
                Object raw = in.get(Message.PROTOCOL_HEADERS);
                if (raw instanceof Map<?, ?> map) {
                    h.putAll((Map<String, List<String>>) map);
                }
                Object uri = in.get(Message.REQUEST_URI);
                if (uri instanceof String s && !s.isEmpty()) {
                    int q = s.indexOf('?');
                    path = q < 0 ? s : s.substring(0, q);
                }
            }
            return new RequestInfo(h, path);
        }

        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : String.join(",", v);
        }

        /** The value of cookie {@code name}, or null. */
        public String cookie(String name) {
            List<String> all = headers.get("Cookie");
            if (all == null) {
                return null;
            }
            for (String line : all) {
                for (String part : line.split(";")) {
                    int eq = part.indexOf('=');
                    if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                        return part.substring(eq + 1).trim();
                    }
                }
            }
            return null;
        }
    }
}
