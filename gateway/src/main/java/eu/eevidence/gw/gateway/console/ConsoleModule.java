package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.gateway.api.CaseResource;
import eu.eevidence.gw.gateway.api.CustodyRecordsResource;
import eu.eevidence.gw.gateway.api.EvidenceResource;
import eu.eevidence.gw.gateway.api.HandoffResource;
import eu.eevidence.gw.gateway.api.MetricsResource;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.gateway.console.cases.CasePages;
import eu.eevidence.gw.gateway.console.audit.CustodyPages;
import eu.eevidence.gw.gateway.console.requests.RequestPages;
import eu.eevidence.gw.gateway.console.tracking.TrackingPages;
import eu.eevidence.gw.gateway.node.NodePages;

import java.util.ArrayList;
import java.util.List;

/**
 * The web console as the node installs it (ADR-0024; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/eu.eevidence.gw.gateway.node.NodePages}, so that the node does not depend on the console): the
 * page resources under {@code /console}, the role home pages, and the providers (security headers and HTML error pages, the
 * refusal mapper). Page builders add their resources in {@link #install(NodePages.Api)}.
 */
public final class ConsoleModule implements NodePages {

    @Override
    public Installed install(Api api) {
        Console console = new Console(api.clock());
        List<Object> pages = new ArrayList<>();
        List<ConsoleResource.RoleHome> homes = new ArrayList<>();

        // contact point and judicial authority: dashboard (their home), requests, request page and actions
        RequestPages requests = new RequestPages(console, api.resource(RequestResource.class), api.resource(HandoffResource.class),
                api.resource(EvidenceResource.class), api.resource(CaseResource.class),
                api.resource(eu.eevidence.gw.gateway.api.HashListResource.class),
                api.resource(eu.eevidence.gw.gateway.api.ArchiveResource.class));
        pages.add(requests);
        homes.add(requests.home());

        // prosecutor tracking (issue 16 item 4) and the requested Party's cases desk (item 3, "Cases")
        pages.add(new TrackingPages(console, api.resource(RequestResource.class), api.resource(MetricsResource.class)));
        pages.add(new CasePages(console, api.resource(CaseResource.class)));

        // auditor: custody log status (home) and a request's custody records verified in the browser
        CustodyPages custody = new CustodyPages(console, api.resource(CustodyRecordsResource.class));
        pages.add(custody);
        homes.add(custody.home());
        // auditor: the protected statistics of a period (issue 21 item 4, ADR-0037)
        pages.add(new eu.eevidence.gw.gateway.console.statistics.StatisticsPages(console,
                api.resource(eu.eevidence.gw.gateway.api.StatisticsResource.class)));
        // contact point and judicial authority: new requests, a form per request type generated from the catalogue
        pages.add(new eu.eevidence.gw.gateway.console.forms.NewRequestResource(console,
                eu.eevidence.gw.gateway.console.forms.FormSubmission.throughApi(api.resource(RequestResource.class))));

        // platform legal team: inbox (its home), order, answers from the catalogue, evidence upload (issue 16 item 5)
        eu.eevidence.gw.gateway.console.platform.PlatformConsoleResource platform =
                new eu.eevidence.gw.gateway.console.platform.PlatformConsoleResource(console, api.resource(eu.eevidence.gw.gateway.api.PlatformResource.class));
        pages.add(platform);
        homes.add(new ConsoleResource.RoleHome(eu.eevidence.gw.gateway.console.platform.PlatformConsoleResource.PLATFORM, platform::home));

        pages.add(new ConsoleResource(console, homes));
        return new Installed(pages, List.of(new ConsoleResponses(console), new ConsoleResponses.Refusals()));
    }
}
