package eu.eevidence.gw.gateway.api;

/** Which paths of the node's HTTPS port need a client certificate (decided on the canonical, decoded path). */
final class EdgePaths {

    private EdgePaths() {
    }

    /**
     * {@code /api/**} (the API of every role, node-to-node messages included) and {@code /eevidence/**} (answers pushed by
     * platforms) need a client certificate; {@code /health}, {@code /openapi.json}, {@code /custody/**}, {@code /ocsp} and
     * {@code /tsa} are public.
     */
    static boolean needsCertificate(String canonicalPath) {
        String p = canonicalPath;
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        return p.equals("/api") || p.startsWith("/api/") || p.equals("/eevidence") || p.startsWith("/eevidence/") || isConsolePage(p);
    }

    /**
     * The web console's pages ({@code /console} and {@code /console/**} except the static {@code /console/assets/**}):
     * they need the person's client certificate like the API (ADR-0024); a browser without one gets an HTML 401 page.
     */
    static boolean isConsolePage(String canonicalPath) {
        String p = canonicalPath;
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        return (p.equals("/console") || p.startsWith("/console/")) && !p.startsWith("/console/assets/");
    }
}
