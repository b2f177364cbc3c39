package eu.eevidence.gw.gateway.console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the node adds to its HTTPS server for the console (ADR-0024): the JAX-RS resources under {@code /console} and the
 * providers (security headers and HTML error pages, the refusal mapper). {@code NodeAssembly} calls {@link #resources()}
 * and {@link #providers()} once; page builders add their resources in {@link #resources()}.
 */
public final class ConsoleModule {

    private final Console console;
    private final List<Object> pages = new ArrayList<>();
    private final List<ConsoleResource.RoleHome> homes = new ArrayList<>();

    public ConsoleModule(Clock clock) {
        this.console = new Console(clock);
    }

    public Console console() {
        return console;
    }

    /** Adds a page resource (a JAX-RS class under {@code /console/...}). */
    public ConsoleModule page(Object resource) {
        pages.add(resource);
        return this;
    }

    /** Adds the home page of the people with one of these roles (the first match wins). */
    public ConsoleModule home(ConsoleResource.RoleHome home) {
        homes.add(home);
        return this;
    }

    public List<Object> resources() {
        List<Object> all = new ArrayList<>(pages);
        all.add(new ConsoleResource(console, homes));
        return all;
    }

    public List<Object> providers() {
        return List.of(new ConsoleResponses(console), new ConsoleResponses.Refusals());
    }
}
