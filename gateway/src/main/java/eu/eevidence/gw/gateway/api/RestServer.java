package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.http.DestinationRegistryImpl;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The node's HTTPS endpoint: an embedded Jetty server built here (TLS 1.3/1.2 with the node's certificate, HTTP/1.1 and
 * HTTP/2 by ALPN) hosting CXF JAX-RS as a servlet. Building the server ourselves (rather than through CXF's Jetty engine)
 * puts every bound of the edge in one place ({@link HttpEdgeSettings}): no server banner, header and idle limits, a minimum
 * request data rate, a connection limit, the {@link EdgeGate} in front of CXF, problem+json error pages
 * ({@link ProblemErrorPages}) and a graceful stop. Client certificates are requested ("want") and, when presented, must
 * chain to the node's trust anchors or the handshake fails; {@link ClientCertificateFilter} then identifies the caller.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final Server jetty;
    private final Bus bus;
    private final org.apache.cxf.endpoint.Server endpoint;
    private final EdgeGate gate;
    private final String host;
    private final int port;

    private RestServer(Server jetty, Bus bus, org.apache.cxf.endpoint.Server endpoint, EdgeGate gate, String host, int port) {
        this.jetty = jetty;
        this.bus = bus;
        this.endpoint = endpoint;
        this.gate = gate;
        this.host = host;
        this.port = port;
    }

    public static RestServer start(String host, int port, KeyMaterial nodeKey, TrustAnchors trust, List<Object> resources, List<Object> providers)
            throws PkiException {
        return start(host, port, HttpEdgeSettings.DEFAULTS, null, nodeKey, trust, resources, providers);
    }

    /** {@code unauthenticatedLimits}: per-address limits applied by the gate to calls without a certificate (null: none). */
    public static RestServer start(String host, int port, HttpEdgeSettings edge, eu.eevidence.gw.gateway.access.RequestRateLimits unauthenticatedLimits,
                                   KeyMaterial nodeKey, TrustAnchors trust, List<Object> resources, List<Object> providers) throws PkiException {
        Bus bus = BusFactory.newInstance().createBus();
        QueuedThreadPool threads = new QueuedThreadPool(edge.maxThreads(), 8);
        threads.setName("eeg-http");
        Server jetty = new Server(threads);
        try {
            jetty.setStopTimeout(edge.stopTimeout().toMillis());
            jetty.setErrorHandler(new ProblemErrorPages.Server());
            ServerConnector connector = connector(jetty, host, port, edge, nodeKey, trust);
            jetty.addConnector(connector);
            jetty.addBean(new NetworkConnectionLimit(edge.maxConnections(), connector));

            DestinationRegistry registry = new DestinationRegistryImpl();
            ServletContextHandler context = new ServletContextHandler("/");
            ServletHolder cxf = new ServletHolder("cxf", new CXFNonSpringServlet(registry, bus));
            cxf.setInitParameter("hide-service-list-page", "true"); // no generated HTML listing of endpoints
            cxf.setInitParameter("disable-address-updates", "true"); // never rewrite endpoint addresses from the client's Host
            context.addServlet(cxf, "/*");
            context.getServletHandler().setDecodeAmbiguousURIs(true); // the %2F let through above (OCSP GET)
            context.setErrorHandler(new ProblemErrorPages.Servlet());
            EdgeGate gate = new EdgeGate(context, edge, unauthenticatedLimits);
            jetty.setHandler(new GracefulHandler(gate));

            JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
            factory.setBus(bus);
            factory.setDestinationFactory(new HTTPTransportFactory(registry));
            factory.setAddress("/");
            factory.setServiceBeans(resources);
            factory.setProviders(providers);
            org.apache.cxf.endpoint.Server endpoint = factory.create();
            jetty.start();
            return new RestServer(jetty, bus, endpoint, gate, host, connector.getLocalPort());
        } catch (PkiException | RuntimeException e) {
            stopQuietly(jetty);
            bus.shutdown(false);
            throw e;
        } catch (Exception e) {
            stopQuietly(jetty);
            bus.shutdown(false);
            throw new IllegalStateException(ApiError.HTTP_START.code() + " the HTTPS endpoint could not start on " + host + ":" + port + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static ServerConnector connector(Server jetty, String host, int port, HttpEdgeSettings edge, KeyMaterial nodeKey,
                                             TrustAnchors trust) throws PkiException {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(edge.maxRequestHeaderBytes());
        // RFC 9110 URIs (Jetty's default: ambiguous segments such as "..;" or "%2e%2e" are refused with 400) with one
        // exception: an encoded "/" (%2F), which the base64 of an RFC 6960 OCSP GET request (A.1) legitimately contains
        http.setUriCompliance(UriCompliance.DEFAULT.with("eeg-ocsp-get", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        http.setSecureScheme("https");
        http.setSecurePort(port);
        http.addCustomizer(new SecureRequestCustomizer(false)); // SNI host check off: nodes are reached by IP on loopback too

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(Tls.sslContext(nodeKey, trust));
        tls.setWantClientAuth(true);
        tls.setNeedClientAuth(false);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setSniRequired(false);

        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        // HTTP/2: HPACK refuses a header block over its limit with a connection error (GOAWAY) and no answer; so the codec's
        // limit is four times ours, and EdgeGate answers the requests between the two with 431 problem+json as on HTTP/1.1
        HttpConfiguration http2Config = new HttpConfiguration(http);
        http2Config.setRequestHeaderSize(edge.maxRequestHeaderBytes() * 4);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http2Config);
        http2.setMaxConcurrentStreams(128);
        http2.setStreamIdleTimeout(edge.idleTimeout().toMillis());
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol(http1.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());

        ServerConnector connector = new ServerConnector(jetty, 1, 1, ssl, alpn, http2, http1);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(edge.idleTimeout().toMillis());
        connector.addBean(new UnauthenticatedConnections(edge.maxUnauthenticatedConnections()));
        return connector;
    }

    public String baseUrl() {
        return "https://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Connections open without a client certificate (for tests and metrics). */
    public int unauthenticatedConnections() {
        return connector().getBean(UnauthenticatedConnections.class).open();
    }

    private ServerConnector connector() {
        return (ServerConnector) jetty.getConnectors()[0];
    }

    /** The gate in front of the API (its counters). */
    public EdgeGate gate() {
        return gate;
    }

    /**
     * Stops intake at once (the listening socket closes), lets in-flight requests finish for up to the configured stop
     * timeout, then stops the server; bounded in time whatever the clients do.
     */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn(ApiError.HTTP_STOP.code() + " {} while stopping the HTTPS endpoint", e.getClass().getSimpleName());
        } finally {
            try {
                endpoint.destroy();
            } finally {
                bus.shutdown(false);
            }
        }
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // start failed; nothing more to do
        }
    }
}
