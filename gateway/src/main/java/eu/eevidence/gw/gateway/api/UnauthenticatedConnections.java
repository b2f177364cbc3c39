package eu.eevidence.gw.gateway.api;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the TLS connections that completed their handshake without a client certificate: above the bound a new one is
 * closed right after its handshake, so anonymous clients cannot take the connections (and HTTP/2 streams) that contact
 * points, platforms and peer nodes need. A bean of the connector (Jetty adds its handshake and connection listeners to
 * every connection).
 */
final class UnauthenticatedConnections implements SslHandshakeListener, Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(UnauthenticatedConnections.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final int max;
    private final Set<SSLEngine> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    UnauthenticatedConnections(int max) {
        this.max = max;
    }

    @Override
    public void handshakeSucceeded(Event event) {
        SSLEngine engine = event.getSSLEngine();
        if (hasClientCertificate(engine)) {
            return;
        }
        synchronized (open) {
            if (open.size() < max) {
                open.add(engine);
                return;
            }
        }
        long n = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn(ApiError.HTTP_ANON_CONNECTIONS.code() + " {} connection(s) without a client certificate closed: {} already open", n, max);
        }
        event.getEndPoint().close();
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof SslConnection ssl) {
            open.remove(ssl.getSSLEngine());
        }
    }

    /** Open connections without a client certificate. */
    int open() {
        return open.size();
    }

    /** Connections closed because the bound was reached. */
    long refused() {
        return refused.get();
    }

    private static boolean hasClientCertificate(SSLEngine engine) {
        try {
            return engine.getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
