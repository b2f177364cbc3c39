package eu.eevidence.gw.gateway.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.apache.cxf.io.DelegatingInputStream;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A request refused by a filter before its body was read (too large, not authenticated or authorised, rate-limited,
 * malformed headers) is answered promptly: without this, CXF would block reading and discarding up to 16 MiB of the body
 * before writing the answer, so a client that declares a large body and sends it slowly (or not at all) would hold a
 * request thread for as long as it likes. Instead the body is discarded only while it is already there to read (at most
 * {@link #LINGER_BYTES} within {@link #LINGER_NANOS}: a client that sends its whole body before reading the answer, as
 * java.net.http does, still sees the answer instead of a reset connection); whatever is left unread is Jetty's, which closes
 * an HTTP/1.1 connection whose request was not read to the end and resets an HTTP/2 stream.
 */
@Provider
@Priority(1)
public final class EarlyRefusal implements ContainerResponseFilter {

    static final String PROPERTY = "eeg.refused-before-body";
    static final long LINGER_NANOS = 1_000_000_000L;
    static final long LINGER_BYTES = 16L * 1024 * 1024;
    private static final byte[] NOTHING = new byte[0];

    /** Aborts the request with {@code answer} and marks it so that its body is not drained. */
    static void abort(ContainerRequestContext ctx, Response answer) {
        ctx.setProperty(PROPERTY, Boolean.TRUE);
        ctx.abortWith(answer);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!Boolean.TRUE.equals(request.getProperty(PROPERTY))) {
            return;
        }
        Message current = JAXRSUtils.getCurrentMessage();
        Message in = current == null || current.getExchange() == null ? null : current.getExchange().getInMessage();
        DelegatingInputStream body = in == null ? null : in.getContent(DelegatingInputStream.class);
        if (body != null) {
            long declared = request.getLength();
            discardWhatIsThere(body.getInputStream(), declared);
            body.setInputStream(new ByteArrayInputStream(NOTHING));
        }
    }

    /** Reads and drops the bytes of {@code in} that are already available, never waiting for more than the linger bounds. */
    static long discardWhatIsThere(InputStream in, long declaredLength) {
        long deadline = System.nanoTime() + LINGER_NANOS;
        long total = 0;
        byte[] buffer = new byte[16 * 1024];
        try {
            while (total < LINGER_BYTES && (declaredLength < 0 || total < declaredLength) && System.nanoTime() < deadline) {
                if (in instanceof jakarta.servlet.ServletInputStream s && s.isFinished()) {
                    return total;
                }
                int available = in.available();
                if (available > 0) {
                    int n = in.read(buffer, 0, Math.min(available, buffer.length));
                    if (n < 0) {
                        return total;
                    }
                    total += n;
                } else {
                    LockSupport.parkNanos(2_000_000L); // the next bytes are in flight on a local link, or the client stalls
                }
            }
        } catch (IOException gone) {
            // the client went away: nothing to answer
        }
        return total;
    }
}
