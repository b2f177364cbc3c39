package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** A tiled log behind an http(s) prefix, read with plain GETs (gzip accepted). */
public final class HttpSource implements LogSource {

    private static final int MAX_RESOURCE = 16 << 20;
    private final HttpClient client;
    private final String prefix;

    public HttpSource(HttpClient client, String prefix) throws CustodyException {
        if (prefix == null || !(prefix.startsWith("https://") || prefix.startsWith("http://"))) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "not an http(s) URL: " + prefix);
        }
        this.client = client;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public Optional<byte[]> get(String path) throws CustodyException {
        URI uri;
        try {
            uri = URI.create(prefix + path);
        } catch (IllegalArgumentException e) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "bad URL " + prefix + path);
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept-Encoding", "gzip, identity").GET().build();
        try {
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream raw = resp.body()) {
                if (resp.statusCode() == 404) {
                    return Optional.empty();
                }
                if (resp.statusCode() != 200) {
                    throw new CustodyException(CustodyError.FETCH_FAILED, "GET " + uri + " answered " + resp.statusCode());
                }
                boolean gzip = resp.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                    byte[] b = in.readNBytes(MAX_RESOURCE + 1);
                    if (b.length > MAX_RESOURCE) {
                        throw new CustodyException(CustodyError.FETCH_FAILED, "GET " + uri + " is larger than 16 MiB");
                    }
                    return Optional.of(b);
                }
            }
        } catch (IOException e) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustodyException(CustodyError.FETCH_FAILED, "interrupted during GET " + uri);
        }
    }

    @Override
    public String describe() {
        return prefix;
    }
}
