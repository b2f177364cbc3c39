package eu.eevidence.gw.testkit;

import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A national 24/7 contact point's client of a gateway node: HTTPS with its client certificate. */
public final class ContactPointClient {

    private final HttpClient http;
    private final URI base;

    /** An answer: status, body and the Location header (if any). */
    public record Answer(int status, String body, String contentType, String location, java.net.http.HttpHeaders headers) {
    }

    /** @param clientKey null for a client without certificate (to test rejections) */
    public ContactPointClient(String baseUrl, KeyMaterial clientKey, TrustAnchors trust) throws PkiException {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder()
                .sslContext(Tls.sslContext(clientKey, trust))
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A client on a TLS context of the caller's making (e.g. one that offers a certificate the server does not ask for). */
    public ContactPointClient(String baseUrl, javax.net.ssl.SSLContext context) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Answer submit(byte[] json, String idempotencyKey) throws IOException, InterruptedException {
        return post("api/v1/requests", json, "application/json", idempotencyKey);
    }

    public Answer post(String path, byte[] body, String contentType, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b.build());
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null), r.headers().firstValue("Location").orElse(null),
                r.headers());
    }
}
