package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.gateway.answer.PortalAnswerService;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;

import java.time.Clock;
import java.time.Duration;

/**
 * chan: the answer channels of the platforms: PUSH endpoints, POLL cursors and poller ({@link #startPolling}), the
 * answers they bring applied by one {@link PortalAnswerService}, whose data deliveries go into the evidence store.
 */
public final class ChannelModule {

    private final PlatformRoutes directory;
    private final AdapterRegistry adapters;
    private final Clock clock;
    private final PortalAnswerService portalAnswers;
    private final PushChannel push;
    private final CursorStore cursors;

    public ChannelModule(Database db, RequestRepository requests, PlatformRoutes directory, AdapterRegistry adapters, EvidenceService evidence,
                         LifecycleListener lifecycle, CustodyRecorder custody, Clock clock) {
        this.directory = directory;
        this.adapters = adapters;
        this.clock = clock;
        this.portalAnswers = new PortalAnswerService(requests, lifecycle, custody, clock,
                (requestId, platformId, dataDelivery) -> evidence.acceptDelivery(requestId, platformId, dataDelivery,
                        EvidenceService.downloadFor(adapters, directory.find(platformId).orElseThrow(), Duration.ofMinutes(30))));
        this.push = new PushChannel(directory, adapters, portalAnswers);
        this.cursors = new CursorStore(db);
    }

    public PushChannel push() {
        return push;
    }

    public PortalAnswerService portalAnswers() {
        return portalAnswers;
    }

    /** Starts polling the platforms that answer by POLL (a span of {@code tracer} per answer); closing the poller stops it. */
    public AnswerPoller startPolling(io.opentelemetry.api.trace.Tracer tracer) {
        return AnswerPoller.start(directory, adapters, portalAnswers, cursors, clock, tracer);
    }
}
