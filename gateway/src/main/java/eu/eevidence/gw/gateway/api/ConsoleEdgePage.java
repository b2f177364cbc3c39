package eu.eevidence.gw.gateway.api;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The web console's answers decided at the HTTPS edge, before CXF (ADR-0024): a browser that opened {@code /console/}
 * without a client certificate gets a small HTML page in English, French and German that says how to present the
 * person's certificate (401 {@code EEG-AUTH-NO-CERT}), or that it is over its rate limit (429 {@code EEG-RATE-LIMITED}).
 * Static text only (nothing from the request is echoed), the console's security headers, no script, no style.
 */
public final class ConsoleEdgePage {

    /** The console's Content-Security-Policy (ADR-0024): no inline script or style, no framing, forms to the node only. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ConsoleEdgePage() {
    }

    /** The headers every console answer carries (pages, fragments, downloads, error pages). */
    public static void securityHeaders(java.util.function.BiConsumer<String, String> put) {
        put.accept("Content-Security-Policy", CSP);
        put.accept("X-Content-Type-Options", "nosniff");
        put.accept("Referrer-Policy", "no-referrer");
        put.accept("X-Frame-Options", "DENY");
    }

    static void write(Request request, Response response, Callback callback, int status, String code) {
        response.setStatus(status);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        securityHeaders(headers::put);
        byte[] body = html(status, code).getBytes(StandardCharsets.UTF_8);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }

    static String html(int status, String code) {
        boolean noCert = status == 401;
        String en = noCert
                ? "<h1>Certificate required</h1><p>The console identifies you by your personal client certificate, as the API does."
                  + " Your browser did not present one. Import your PKCS#12 file (.p12) into the browser's certificate store (or insert"
                  + " your smart card), then reload this page and choose that certificate when the browser asks.</p>"
                : "<h1>Too many requests</h1><p>Your browser sent more requests than the node allows. Wait a moment, then reload.</p>";
        String fr = noCert
                ? "<h2 lang=\"fr\">Certificat requis</h2><p lang=\"fr\">La console vous identifie par votre certificat client personnel,"
                  + " comme l'API. Votre navigateur n'en a présenté aucun. Importez votre fichier PKCS#12 (.p12) dans le magasin de"
                  + " certificats du navigateur (ou insérez votre carte à puce), puis rechargez la page et choisissez ce certificat.</p>"
                : "<h2 lang=\"fr\">Trop de requêtes</h2><p lang=\"fr\">Patientez un instant, puis rechargez la page.</p>";
        String de = noCert
                ? "<h2 lang=\"de\">Zertifikat erforderlich</h2><p lang=\"de\">Die Konsole erkennt Sie, wie die API, an Ihrem persönlichen"
                  + " Client-Zertifikat. Ihr Browser hat keines vorgelegt. Importieren Sie Ihre PKCS#12-Datei (.p12) in den"
                  + " Zertifikatsspeicher des Browsers (oder stecken Sie Ihre Chipkarte ein), laden Sie die Seite neu und wählen Sie"
                  + " dieses Zertifikat.</p>"
                : "<h2 lang=\"de\">Zu viele Anfragen</h2><p lang=\"de\">Warten Sie einen Moment und laden Sie die Seite neu.</p>";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + status + " " + code + " - Evidence gateway console</title>"
                + "<link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head><body><main id=\"main\" class=\"error-page\">"
                + en + fr + de + "<p class=\"code\">" + status + " <code>" + code + "</code></p></main></body></html>\n";
    }
}
