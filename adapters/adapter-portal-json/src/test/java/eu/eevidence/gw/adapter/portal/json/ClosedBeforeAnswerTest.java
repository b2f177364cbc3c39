package eu.eevidence.gw.adapter.portal.json;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures of a POST the json-portal adapter sends once more (JDK 17 HttpClient shapes). */
class ClosedBeforeAnswerTest {

    @Test
    void aConnectionClosedBeforeAnyAnswerByteIsSentOnceMore() {
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(
                new IOException("HTTP/1.1 header parser received no bytes", new SocketException("Connection reset")))).isTrue();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(
                new IOException("HTTP/1.1 header parser received no bytes", new EOFException("EOF reached while reading")))).isTrue();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new SocketException("Connection reset by peer"))).isTrue();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new SocketException("Broken pipe"))).isTrue();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new EOFException("EOF reached while reading"))).isTrue();
    }

    @Test
    void timeOutsRefusalsAndAnswerBytesAreNot() {
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new HttpConnectTimeoutException("HTTP connect timed out"))).isFalse();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new HttpTimeoutException("request timed out"))).isFalse();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new ConnectException("Connection refused"))).isFalse();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new IOException("parsing HTTP/1.1 status line, receiving [garbage]",
                new EOFException("EOF reached while reading")))).isFalse();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new IOException("Illegal character in chunk size: 108"))).isFalse();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(new IllegalStateException("x"))).isFalse();
        assertThat(JsonPortalAdapter.closedBeforeAnyAnswer(null)).isFalse();
    }
}
