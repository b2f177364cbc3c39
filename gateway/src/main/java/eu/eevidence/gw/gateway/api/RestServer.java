package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;

import javax.net.ssl.TrustManager;
import java.util.List;

/**
 * The node's HTTPS endpoint: CXF JAX-RS on the Jetty transport, TLS 1.3/1.2 with the node's certificate.
 * Client certificates are requested ("want") and, when presented, must chain to the node's trust anchors or
 * the handshake fails; {@link ClientCertificateFilter} then requires one for {@code /api/**}.
 */
public final class RestServer implements AutoCloseable {

    private final Bus bus;
    private final Server server;
    private final String host;
    private final int port;

    private RestServer(Bus bus, Server server, String host, int port) {
        this.bus = bus;
        this.server = server;
        this.host = host;
        this.port = port;
    }

    public static RestServer start(String host, int port, KeyMaterial nodeKey, TrustAnchors trust, List<Object> resources, List<Object> providers)
            throws PkiException {
        Bus bus = BusFactory.newInstance().createBus();
        try {
            JettyHTTPServerEngineFactory engines = bus.getExtension(JettyHTTPServerEngineFactory.class);
            if (engines == null) {
                engines = new JettyHTTPServerEngineFactory(bus);
            }
            TLSServerParameters tls = new TLSServerParameters();
            tls.setKeyManagers(Tls.keyManagers(nodeKey));
            tls.setTrustManagers(new TrustManager[] {trust.trustManager()});
            tls.setIncludeProtocols(List.of("TLSv1.3", "TLSv1.2"));
            ClientAuthentication auth = new ClientAuthentication();
            auth.setWant(true);
            auth.setRequired(false);
            tls.setClientAuthentication(auth);
            engines.setTLSServerParametersForPort(host, port, tls);

            JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
            factory.setBus(bus);
            factory.setAddress("https://" + host + ":" + port + "/");
            factory.setServiceBeans(resources);
            factory.setProviders(providers);
            Server server = factory.create();
            return new RestServer(bus, server, host, port);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            bus.shutdown(false);
            throw new PkiException(eu.eevidence.gw.pki.PkiError.KEYSTORE_UNREADABLE, "TLS set-up failed: " + e.getClass().getSimpleName(), e);
        } catch (RuntimeException e) {
            bus.shutdown(false);
            throw e;
        }
    }

    public String baseUrl() {
        return "https://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
            server.destroy();
        } finally {
            bus.shutdown(true);
            JettyHTTPServerEngineFactory.destroyForPort(port);
        }
    }
}
