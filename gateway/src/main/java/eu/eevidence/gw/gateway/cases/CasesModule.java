package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.network.TransportModule;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * inbound: the requested Party's cases (ADR-0015), connected to the node-to-node transport when there is one (answers
 * through its outbox, rem: the RETRIEVED evidence through its issuer), and the sweep that applies the domestic side of
 * the requester's follow-ups (withdraw, hold, release) after their commit. Closing it stops the sweep.
 */
public final class CasesModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("eu.eevidence.gw.gateway.node.GatewayNode");

    /** What the cases record into: the database, the requests, the custody log, the clock. */
    public record Needs(Database db, RequestRepository requests, CustodyService custody, Clock clock, AlarmLog alarms) {
        public Needs(Database db, RequestRepository requests, CustodyService custody, Clock clock) {
            this(db, requests, custody, clock, AlarmLog.NONE);
        }
    }

    private final InboundCaseService cases;
    private final ScheduledExecutorService sweep;

    /**
     * @param rules      the deadline rules (a case's own deadlines)
     * @param ownCountry this node's Party (for working-day deadlines), or null
     * @param transport  the node-to-node transport, or null on a node without a network identity
     */
    public CasesModule(Needs needs, IntakeService intake, RequestActions actions, PlatformRoutes directory, DeadlineRules rules, String ownCountry,
                       TransportModule transport) {
        // the transport is built before the cases: its outbox and its issuer of RETRIEVED evidences are constructor arguments
        CaseStores stores = new CaseStores(new CaseRepository(needs.db()), needs.requests(), needs.custody(),
                transport == null ? InboundCaseService.NOT_CONNECTED : transport.outbox(), transport == null ? null : transport.issuer(),
                needs.alarms());
        InboundCaseService service = new InboundCaseService(stores, intake, actions, directory,
                new CaseOpening.Rules(rules, new DeadlineCalculator(HolidayCalendar.builtIn()), ownCountry), needs.clock());
        this.cases = service;
        this.sweep = sweep(service, needs.custody());
    }

    public InboundCaseService cases() {
        return cases;
    }

    private static ScheduledExecutorService sweep(InboundCaseService cases, CustodyService custody) {
        ScheduledExecutorService sweep = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-case-sweep");
            t.setDaemon(true);
            return t;
        });
        sweep.scheduleWithFixedDelay(() -> {
            try {
                if (cases.processPending() > 0) {
                    custody.committed();
                }
            } catch (Exception | Error e) {
                LOG.warn(CaseError.CASE_PENDING_RETRY.code() + " sweep failed ({}); retried", e.getClass().getSimpleName());
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return sweep;
    }

    @Override
    public void close() {
        sweep.shutdownNow();
    }
}
