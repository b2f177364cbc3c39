package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The header rules of {@link StrictInputFilter}: refusals first, each with its status and code; then what passes. */
class StrictInputFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request headers and path of a fake request; the answer the filter aborted with, if any. */
    private static Response run(String path, String... headerPairs) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        AtomicReference<Response> aborted = new AtomicReference<>();
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[]{UriInfo.class}, (p, m, a) -> {
            if (m.getName().equals("getPath")) {
                return path;
            }
            throw new UnsupportedOperationException(m.getName());
        });
        ContainerRequestContext ctx = (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getHeaders" -> headers;
                    case "getHeaderString" -> {
                        List<String> v = headers.get((String) a[0]);
                        yield v == null ? null : String.join(",", v);
                    }
                    case "getUriInfo" -> uri;
                    case "getMethod" -> "POST";
                    case "abortWith" -> {
                        aborted.set((Response) a[0]);
                        yield null;
                    }
                    case "setProperty" -> null; // EarlyRefusal marks the request: its body is not drained
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        new StrictInputFilter().filter(ctx);
        return aborted.get();
    }

    private static void assertProblem(Response r, int status, String code) throws Exception {
        assertThat(r).as("aborted").isNotNull();
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(r.getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
        JsonNode body = JSON.readTree(((String) r.getEntity()).getBytes(StandardCharsets.UTF_8));
        assertThat(body.get("code").asText()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Idempotency-Key", "Content-Type", "Content-Length", "Content-Encoding", "Host"})
    void aRepeatedSingletonHeaderIs400(String name) throws Exception {
        assertProblem(run("api/v1/requests", name, "a", name, "b"), 400, "EEG-HTTP-DUPLICATE-HEADER");
        // the same value twice is still twice
        assertProblem(run("/api/v1/requests", name, "same", name, "same"), 400, "EEG-HTTP-DUPLICATE-HEADER");
        // header names are case-insensitive on the wire
        assertProblem(run("eevidence/hi1", name.toLowerCase(java.util.Locale.ROOT), "a", name, "b"), 400, "EEG-HTTP-DUPLICATE-HEADER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "identity", "x-gzip"})
    void anyContentEncodingIs415(String encoding) throws Exception {
        assertProblem(run("api/v1/requests", "Content-Type", "application/json", "Content-Encoding", encoding), 415, "EEG-HTTP-415");
        assertProblem(run("eevidence/hi1", "Content-Encoding", encoding), 415, "EEG-HTTP-415");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=ISO-8859-1", "application/json;charset=utf-16", "application/json; charset=\"UTF-16LE\"",
            "application/json; charset=utf8", "application/json; charset=", "application/problem+json; charset=latin1",
            "application/xml; charset=iso-8859-1", "text/xml; charset=windows-1252", "application/json; charset=utf-8; charset=utf-16"})
    void aJsonOrXmlBodyInAnotherCharsetIs415(String contentType) throws Exception {
        assertProblem(run("api/v1/requests", "Content-Type", contentType), 415, "EEG-HTTP-415");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON; CHARSET=UTF-8",
            "application/json;charset=\"utf-8\"", "application/xml; charset=UTF-8", "application/pkcs7-mime; smime-type=signed-data",
            "application/octet-stream", "text/plain; charset=iso-8859-1"})
    void utf8JsonAndOtherMediaTypesPass(String contentType) {
        assertThat(run("api/v1/requests", "Content-Type", contentType, "Idempotency-Key", "k-1", "Host", "gw.example")).isNull();
    }

    @Test
    void pushedPlatformAnswersKeepTheirAdaptersContentTypeHandling() {
        assertThat(run("eevidence/hi1", "Content-Type", "application/xml; charset=iso-8859-1")).isNull();
        assertThat(run("/eevidence/hi1", "Content-Type", "text/xml; charset=windows-1252")).isNull();
    }

    @Test
    void aRequestWithoutHeadersPasses() {
        assertThat(run("health")).isNull();
    }
}
