package eu.eevidence.gw.gateway.api;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's answers at the HTTPS edge (ADR-0024): which paths need a certificate, the static HTML pages, the headers. */
class ConsoleEdgePageTest {

    @Test
    void consolePagesNeedACertificateButNotItsAssets() {
        assertThat(EdgePaths.needsCertificate("/console")).isTrue();
        assertThat(EdgePaths.needsCertificate("/console/")).isTrue();
        assertThat(EdgePaths.needsCertificate("//console/requests")).isTrue();
        assertThat(EdgePaths.needsCertificate("/console/requests/REQ-1/actions/withdraw")).isTrue();
        assertThat(EdgePaths.needsCertificate("/console/assets/console.css")).isFalse();
        assertThat(EdgePaths.needsCertificate("/consoles")).isFalse();
        assertThat(TlsPeer.limited("console/requests")).isTrue();
        assertThat(TlsPeer.limited("console/assets/console.js")).isFalse();
        assertThat(ClientCertificateFilter.isConsolePage("console/requests")).isTrue();
        assertThat(ClientCertificateFilter.isConsolePage("console/assets/console.js")).isFalse();
    }

    @Test
    void the401PageExplainsTheCertificateInThreeLanguagesWithoutScriptOrStyle() {
        String html = ConsoleEdgePage.html(401, "EEG-AUTH-NO-CERT");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\"", "<main id=\"main\"", "EEG-AUTH-NO-CERT", "PKCS#12",
                "lang=\"fr\"", "Certificat requis", "lang=\"de\"", "Zertifikat erforderlich").doesNotContain("<script", "style=");
        assertThat(ConsoleEdgePage.html(429, "EEG-RATE-LIMITED")).contains("EEG-RATE-LIMITED", "Too many requests");
    }

    @Test
    void everyConsoleAnswerGetsTheSameSecurityHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        ConsoleEdgePage.securityHeaders(h::put);
        assertThat(h).containsEntry("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("X-Frame-Options", "DENY");
    }
}
