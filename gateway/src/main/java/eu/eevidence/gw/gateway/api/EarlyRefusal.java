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

/**
 * A request refused by a filter before its body was read (too large, not authenticated or authorised, rate-limited,
 * malformed headers) is answered at once: without this, CXF would read and discard up to 16 MiB of the body before
 * writing the answer, so a client that declares a large body and sends it slowly (or not at all) would wait, and hold a
 * request thread, for as long as it likes. The unread body is left to Jetty, which closes an HTTP/1.1 connection whose
 * request was not read to the end and resets an HTTP/2 stream.
 */
@Provider
@Priority(1)
public final class EarlyRefusal implements ContainerResponseFilter {

    static final String PROPERTY = "eeg.refused-before-body";
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
            body.setInputStream(new ByteArrayInputStream(NOTHING));
        }
    }
}
