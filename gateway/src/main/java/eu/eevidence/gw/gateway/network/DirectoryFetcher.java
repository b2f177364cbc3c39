package eu.eevidence.gw.gateway.network;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link DirectoryStore.Source} that GETs the signed directory from an https URL, for instance another node's
 * {@code GET /api/v1/network/directory}: TLS validated with the node's trust anchors, the node's key as client
 * certificate (the endpoint wants an authenticated client), no redirects, connect and request timeouts, at most
 * {@link NetworkDirectory#MAX_BYTES} read, {@code 200} with {@value NetworkProtocol#MEDIA_TYPE} only. The bytes then go
 * through the same checks as a deployed file ({@link DirectoryStore}): a fetch proves nothing by itself.
 */
public final class DirectoryFetcher implements DirectoryStore.Source {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    private final HttpClient http;

    /**
     * @param url an absolute https URL without user info
     * @param tls the node's TLS context (its key; the network's trust anchors)
     * @throws IllegalArgumentException {@code EEG-DIR-URL} for another URL
     */
    public DirectoryFetcher(URI url, SSLContext tls) {
        this.url = check(url);
        SSLParameters params = tls.getDefaultSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        this.http = HttpClient.newBuilder().sslContext(Objects.requireNonNull(tls, "tls")).sslParameters(params)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The URL as a directory source must be: absolute https, a host, no user info or fragment. */
    public static URI check(URI url) {
        if (url == null || !url.isAbsolute() || !"https".equals(url.getScheme().toLowerCase(Locale.ROOT)) || url.getHost() == null
                || url.getUserInfo() != null || url.getFragment() != null) {
            throw new IllegalArgumentException(NetworkError.DIR_URL.code()
                    + " a network directory URL must be an absolute https URL with a host and no user info"
                    + " or fragment: " + url);
        }
        return url;
    }

    @Override
    public String name() {
        return url.toString();
    }

    @Override
    public byte[] read(String currentSha256) throws NetworkException {
        HttpRequest.Builder get = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).header("Accept", NetworkProtocol.MEDIA_TYPE).GET();
        if (currentSha256 != null) {
            get.header("If-None-Match", "\"" + currentSha256 + "\""); // a node's endpoint answers 304 for the version in use
        }
        HttpRequest request = get.build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new NetworkException(NetworkError.DIR_FETCH.code(), "cannot fetch " + url + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException(NetworkError.DIR_FETCH.code(), "interrupted while fetching " + url);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() == 304 && currentSha256 != null) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new NetworkException(NetworkError.DIR_FETCH.code(), url + " answered HTTP " + response.statusCode());
            }
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.startsWith(NetworkProtocol.MEDIA_TYPE)) {
                throw new NetworkException(NetworkError.DIR_FETCH.code(), url + " answered " + (type.isEmpty() ? "no content type" : type)
                        + ", not " + NetworkProtocol.MEDIA_TYPE);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > NetworkDirectory.MAX_BYTES) {
                throw new NetworkException(NetworkError.DIR_TOO_LARGE.code(), url + " announces " + declared + " bytes, more than "
                        + NetworkDirectory.MAX_BYTES);
            }
            byte[] b = in.readNBytes(NetworkDirectory.MAX_BYTES + 1);
            if (b.length > NetworkDirectory.MAX_BYTES) {
                throw new NetworkException(NetworkError.DIR_TOO_LARGE.code(), url + " sent more than " + NetworkDirectory.MAX_BYTES + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new NetworkException(NetworkError.DIR_FETCH.code(), "cannot read the answer of " + url + ": " + e.getClass().getSimpleName());
        }
    }
}
