package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestRepository;
import io.opentelemetry.api.trace.Tracer;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The custody log (signed checkpoints published every {@link #PUBLISH_SECONDS} and on demand) and the request repository
 * whose timeline entries it records in their transaction. Closing it stops the custody log.
 */
public final class CustodyModule implements AutoCloseable {

    /** How often the custody log signs and publishes a new checkpoint (it also does on demand). */
    public static final long PUBLISH_SECONDS = 10;

    private final CustodyService custody;
    private final RequestRepository requests;

    /** @param tracer the node's tracer: each custody append is a span {@code eeg.custody.append} (ADR-0027) */
    public CustodyModule(Path dataDir, Database db, Clock clock, Tracer tracer) throws Exception {
        this.custody = CustodyService.start(dataDir, db, clock, PUBLISH_SECONDS, tracer);
        this.requests = new RequestRepository(db, new TimelineCustodyBridge(custody));
    }

    public CustodyService custody() {
        return custody;
    }

    /** The requests, their timeline recorded in the custody log. */
    public RequestRepository requests() {
        return requests;
    }

    @Override
    public void close() throws Exception {
        custody.close();
    }
}
