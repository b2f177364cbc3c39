package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The security headers and the HTML error pages of {@link ConsoleResponses}, on stand-in JAX-RS contexts. */
class ConsoleResponsesTest {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleResponses filter = new ConsoleResponses(new Console(Clock.systemUTC()));

    /** A response under test: its headers, media type, status and entity. */
    static final class Answer {
        final MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        final AtomicReference<Object> entity = new AtomicReference<>();
        final AtomicReference<MediaType> type = new AtomicReference<>();
        int status = 200;
    }

    static ContainerRequestContext request(String path) {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (p, m, a) -> m.getName().equals("getPath") ? path : null);
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, a) -> m.getName().equals("getUriInfo") ? uri : null);
    }

    static ContainerResponseContext response(Answer a) {
        return (ContainerResponseContext) Proxy.newProxyInstance(ContainerResponseContext.class.getClassLoader(),
                new Class<?>[] {ContainerResponseContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getHeaders" -> a.headers;
                    case "getStatus" -> a.status;
                    case "getMediaType" -> a.type.get();
                    case "getEntity" -> a.entity.get();
                    case "setEntity" -> {
                        a.entity.set(args[0]);
                        if (args.length > 2) {
                            a.type.set((MediaType) args[2]);
                        }
                        yield null;
                    }
                    default -> null;
                });
    }

    @Test
    void aProblemOnAConsolePathBecomesAnHtmlPageWithItsCodeAndNoInternals() {
        Answer a = new Answer();
        a.status = 403;
        a.type.set(MediaType.valueOf(Problems.MEDIA_TYPE));
        a.entity.set("{\"code\":\"EEG-AUTH-ROLE\",\"status\":403,\"title\":\"Forbidden\",\"detail\":\"needs the role <b>X</b>\"}");
        filter.filter(request("console/requests"), response(a));
        assertThat(a.type.get().toString()).startsWith("text/html");
        String html = String.valueOf(a.entity.get());
        assertThat(html).contains("EEG-AUTH-ROLE", "<main id=\"main\"", "Access refused")
                .contains("needs the role &lt;b&gt;X&lt;/b&gt;") // escaped
                .doesNotContain("<b>X</b>", "Exception", "at eu.", "<script>", "style=");
        assertThat(a.headers.getFirst("Cache-Control")).isEqualTo("no-store");
        assertThat(a.headers.getFirst("Content-Security-Policy")).isEqualTo(CSP);
    }

    @Test
    void everyConsoleAnswerGetsTheSecurityHeadersAndPagesAreNotStored() {
        Answer a = new Answer();
        a.type.set(MediaType.TEXT_HTML_TYPE);
        a.entity.set("<p>page</p>");
        filter.filter(request("/console/"), response(a));
        assertThat(a.headers.getFirst("Content-Security-Policy")).isEqualTo(CSP);
        assertThat(a.headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(a.headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(a.headers.getFirst("Cache-Control")).isEqualTo("no-store");
        assertThat(a.entity.get()).isEqualTo("<p>page</p>");
    }

    @Test
    void assetsAreCacheableButKeepTheSecurityHeaders() {
        Answer a = new Answer();
        a.headers.putSingle("Cache-Control", "public, max-age=3600");
        filter.filter(request("console/assets/console.css"), response(a));
        assertThat(a.headers.getFirst("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(a.headers.getFirst("Content-Security-Policy")).isEqualTo(CSP);
    }

    @Test
    void theApiIsLeftAlone() {
        Answer a = new Answer();
        a.status = 403;
        a.type.set(MediaType.valueOf(Problems.MEDIA_TYPE));
        a.entity.set("{\"code\":\"EEG-AUTH-ROLE\"}");
        filter.filter(request("api/v1/requests"), response(a));
        assertThat(a.headers).isEmpty();
        assertThat(a.entity.get()).isEqualTo("{\"code\":\"EEG-AUTH-ROLE\"}");
    }
}
