package eu.eevidence.gw.adapter.api;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundTraceTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aMalformedValueIsNeverSetAndTheScopeRestoresTheOuterOne() {
        try (OutboundTrace.Scope outer = OutboundTrace.with(TRACEPARENT)) {
            try (OutboundTrace.Scope inner = OutboundTrace.with("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX: 1")) {
                assertThat(OutboundTrace.current()).isEqualTo(TRACEPARENT);
            }
            assertThat(OutboundTrace.current()).isEqualTo(TRACEPARENT);
        }
        assertThat(OutboundTrace.current()).isNull();
    }

    @Test
    void portalHttpSendsTheCurrentTraceparentAndNoneOutsideAScope() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            received.add(String.valueOf(x.getRequestHeaders().getFirst("traceparent")));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/deliver");
            PortalHttp http = new PortalHttp(Duration.ofSeconds(5), Duration.ofSeconds(5), 1024);
            http.exchange(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), null);
            try (OutboundTrace.Scope ignored = OutboundTrace.with(TRACEPARENT)) {
                assertThat(http.exchange(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), null))
                        .isInstanceOf(PortalHttp.Exchange.Answered.class);
            }
        } finally {
            server.stop(0);
        }
        assertThat(received).containsExactly("null", TRACEPARENT);
    }
}
