package eu.eevidence.gw.adapter.api;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiTypesTest {

    private static final byte[] DATA = "subscriber record".getBytes(StandardCharsets.UTF_8);
    private static final String SHA = PortalHttp.sha256(DATA);

    @Test
    void aManifestItemRefusesBadClaimsFirst() {
        assertThatThrownBy(() -> new PortalAnswer.ManifestItem("i", "text/plain", DATA.length, "abc", DATA, null)).hasMessageContaining("hex");
        assertThatThrownBy(() -> new PortalAnswer.ManifestItem("i", "text/plain", DATA.length, SHA, null, null)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new PortalAnswer.ManifestItem("i", "text/plain", DATA.length, SHA, DATA,
                new PortalAnswer.DownloadReference(URI.create("https://p/x"), 1, SHA))).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new PortalAnswer.ManifestItem("i", "text/plain", DATA.length + 1, SHA, DATA, null)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> new PortalAnswer.ManifestItem("i", "text/plain", DATA.length, "00".repeat(32), DATA, null)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> new PortalAnswer.ManifestItem("i", "text/plain", -1, SHA, null,
                new PortalAnswer.DownloadReference(URI.create("https://p/x"), 1, SHA))).hasMessageContaining("negative");
        assertThat(new PortalAnswer.ManifestItem("i", "text/plain", DATA.length, SHA.toUpperCase(), DATA, null).sha256()).isEqualTo(SHA);
    }

    @Test
    void aDataDeliveryPartStartsAtOne() {
        assertThatThrownBy(() -> new PortalAnswer.DataDelivery("a", "r", null, Instant.EPOCH, 0, true, List.of(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTenAnnexIiiReasonsMapFromTheirWireCodesAndNothingElse() {
        assertThat(RefusalReason.values()).hasSize(10);
        assertThat(RefusalReason.fromWire("Incomplete")).contains(RefusalReason.INCOMPLETE);
        assertThat(RefusalReason.fromWire("dataNotHeld")).contains(RefusalReason.DATA_NOT_HELD);
        assertThat(RefusalReason.fromWire("ConflictOfLaw")).contains(RefusalReason.CONFLICT_OF_LAWS);
        assertThat(RefusalReason.fromWire("CONFLICT_OF_LAWS")).contains(RefusalReason.CONFLICT_OF_LAWS);
        assertThat(RefusalReason.fromWire("Because")).isEmpty();
        assertThat(RefusalReason.fromWire(null)).isEmpty();
        assertThat(Arrays.stream(RefusalReason.values()).map(RefusalReason::wireName)).containsExactly("Incomplete", "ManifestErrors",
                "InsufficientInformation", "DataNotHeld", "DeFactoImpossibility", "InvalidIssuingAuthority", "OffenceNotCovered",
                "ServiceNotCovered", "ImmunitiesOrPrivileges", "ConflictOfLaw");
    }

    @Test
    void messageTypesMapToOperationsAndUnknownTypesToNone() {
        assertThat(Operation.of("FOO_BAR")).isEmpty();
        assertThat(Operation.of("BUDAPEST_ART29_PRESERVATION")).contains(Operation.PRESERVATION);
        assertThat(Operation.of("EU_EPOC_PR")).contains(Operation.PRESERVATION);
        assertThat(Operation.of("EU_EPOC")).contains(Operation.PRODUCTION);
        assertThat(Operation.of("withdrawal")).contains(Operation.WITHDRAWAL);
        assertThat(Operation.WITHDRAWAL.followUp()).isTrue();
        assertThat(Operation.PRODUCTION.followUp()).isFalse();
    }

    @Test
    void theFirstSliceConstructorStillWorksAndHasNoContext() {
        DeliveryRequest r = new DeliveryRequest("R", "K", new DeliveryRequest.Destination("p", URI.create("https://p/"), null), "EU_EPOC",
                DATA, SHA, 1);
        assertThat(r.context()).isEqualTo(DeliveryRequest.Context.NONE);
        assertThat(r.destination().settings()).isEmpty();
        assertThat(r.destination().setting("x", "d")).isEqualTo("d");
    }

    @Test
    void downloadsOnlyFromThePortalsOwnOriginOrListedHosts() {
        var d = new DeliveryRequest.Destination("p", URI.create("https://portal.example:8443/api/"), null, Map.of("download.allowedHosts", "files.example"));
        assertThat(PortalHttp.allowedSource(d, URI.create("https://portal.example:8443/dl/1"))).isTrue();
        assertThat(PortalHttp.allowedSource(d, URI.create("https://files.example/dl/1"))).isTrue();
        assertThat(PortalHttp.allowedSource(d, URI.create("http://portal.example:8443/dl/1"))).isFalse();
        assertThat(PortalHttp.allowedSource(d, URI.create("https://portal.example/dl/1"))).isFalse();
        assertThat(PortalHttp.allowedSource(d, URI.create("https://169.254.169.254/latest"))).isFalse();
        assertThat(PortalHttp.allowedSource(d, URI.create("file:///etc/passwd"))).isFalse();
    }

    @Test
    void portalWordsAreSanitised() {
        assertThat(PortalHttp.sanitize("a\u0007b\u202ec")).isEqualTo("a?b?c");
        assertThat(PortalHttp.sanitize("x".repeat(1000))).hasSize(300);
        assertThat(PortalHttp.sanitize(null)).isEmpty();
    }
}
