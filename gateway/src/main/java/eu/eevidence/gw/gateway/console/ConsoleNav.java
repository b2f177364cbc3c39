package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.pki.Role;

import java.util.List;
import java.util.Set;

/**
 * The console's navigation, per role (docs/design/console.md, "How to add a page"): one {@link Item} per page reachable
 * from the header; a person sees the items of his or her roles. Add a line here when a page exists (never link a page
 * that is not there).
 */
public final class ConsoleNav {

    /** A navigation entry: its path, the message key of its label, the roles that see it. */
    public record Item(String path, String key, Set<Role> roles) {
    }

    public static final Set<Role> SUBMITTERS = eu.eevidence.gw.gateway.intake.IssuerScope.SUBMITTERS;

    /** In display order. */
    public static final List<Item> ITEMS = List.of(
            new Item("/console/", "nav.dashboard", SUBMITTERS),
            new Item("/console/requests", "nav.requests", SUBMITTERS),
            new Item("/console/requests/new", "nav.newRequest", SUBMITTERS),
            new Item("/console/tracking", "nav.tracking", Set.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY, Role.AUDITOR)),
            new Item("/console/cases", "nav.cases", Set.of(Role.CONTACT_POINT)),
            new Item("/console/custody", "nav.custody", Set.of(Role.AUDITOR)),
            new Item("/console/statistics", "nav.statistics", Set.of(Role.AUDITOR)),
            new Item("/console/platform", "nav.platform", Set.of(Role.PLATFORM)));

    private ConsoleNav() {
    }

    /** The items {@code who} may see. */
    public static List<Item> forRoles(Set<Role> roles) {
        return ITEMS.stream().filter(i -> i.roles().stream().anyMatch(roles::contains)).toList();
    }
}
