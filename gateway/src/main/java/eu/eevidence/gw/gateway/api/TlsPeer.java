package eu.eevidence.gw.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The TLS client of the current request: the certificate chain it presented and its remote address. */
final class TlsPeer {

    private TlsPeer() {
    }

    /** The presented chain, leaf first; empty without a client certificate. */
    static List<X509Certificate> chain() {
        Message message = JAXRSUtils.getCurrentMessage();
        TLSSessionInfo tls = message == null ? null : message.get(TLSSessionInfo.class);
        if (tls == null || tls.getPeerCertificates() == null) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : tls.getPeerCertificates()) {
            if (!(c instanceof X509Certificate x)) {
                return out;
            }
            out.add(x);
        }
        return out;
    }

    /** The remote IP address of the connection, or {@code "unknown"}. */
    static String remoteAddress() {
        Message message = JAXRSUtils.getCurrentMessage();
        Object request = message == null ? null : message.get(AbstractHTTPDestination.HTTP_REQUEST);
        if (request instanceof HttpServletRequest http && http.getRemoteAddr() != null) {
            return http.getRemoteAddr();
        }
        return "unknown";
    }

    /**
     * True for the paths that are rate limited: the API, the platforms' push endpoints and the console's pages
     * ({@code /health} and the console's static assets are not).
     */
    static boolean limited(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("api/") || p.startsWith("eevidence/") || p.equals("console") || (p.startsWith("console/") && !p.startsWith("console/assets/"));
    }
}
