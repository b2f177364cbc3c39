package eu.eevidence.gw.pki;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * {@link OcspClient} over HTTP (RFC 6960 A.1: POST, {@code application/ocsp-request}), to a fixed URL or to
 * the first id-ad-ocsp URI of the certificate's authorityInfoAccess extension. Answers are limited to 1 MiB.
 */
public final class HttpOcspClient implements OcspClient {

    private static final int MAX_RESPONSE = 1024 * 1024;

    private final HttpClient http;
    private final URI fixed;
    private final Duration timeout;

    /** @param fixedUrl responder to use for every certificate, or {@code null} to use each certificate's AIA */
    public HttpOcspClient(URI fixedUrl, Duration timeout) {
        this(fixedUrl, timeout, null);
    }

    /** @param tls TLS context for https responders (for example {@link Tls#sslContext}), or {@code null} for the JDK default */
    public HttpOcspClient(URI fixedUrl, Duration timeout, javax.net.ssl.SSLContext tls) {
        this.fixed = fixedUrl;
        this.timeout = timeout;
        this.http = client(timeout, tls);
    }

    static HttpClient client(Duration timeout, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build();
    }

    @Override
    public byte[] query(byte[] ocspRequest, X509Certificate cert, X509Certificate issuer) throws PkiException {
        URI uri = fixed != null ? fixed : aiaOcsp(cert);
        if (uri == null) {
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "no OCSP responder known for " + cert.getSubjectX500Principal());
        }
        return post(http, uri, "application/ocsp-request", "application/ocsp-response", ocspRequest, timeout,
                PkiError.REVOCATION_UNKNOWN);
    }

    static byte[] post(HttpClient http, URI uri, String contentType, String accept, byte[] body, Duration timeout,
            PkiError onError) throws PkiException {
        try {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
                    .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<java.io.InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new PkiException(onError, uri + " answered HTTP " + resp.statusCode());
                }
                byte[] b = in.readNBytes(MAX_RESPONSE + 1);
                if (b.length > MAX_RESPONSE) {
                    throw new PkiException(onError, uri + " answer larger than " + MAX_RESPONSE + " bytes");
                }
                return b;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PkiException(onError, "cannot reach " + uri + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PkiException(onError, "interrupted while asking " + uri, e);
        }
    }

    static URI aiaOcsp(X509Certificate cert) {
        try {
            byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
            if (ext == null) {
                return null;
            }
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (AccessDescription ad : aia.getAccessDescriptions()) {
                if (AccessDescription.id_ad_ocsp.equals(ad.getAccessMethod())
                        && ad.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    return URI.create(ad.getAccessLocation().getName().toString());
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
