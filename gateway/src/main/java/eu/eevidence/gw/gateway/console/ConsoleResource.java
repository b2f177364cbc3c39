package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.gateway.console.jte.JtehomeGenerated;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * The console's own routes (ADR-0024): the home page {@code /console/} (the first {@link RoleHome} matching the person's
 * roles, e.g. the contact point's dashboard; otherwise a page with the person's navigation), the static assets under
 * {@code /console/assets/} (CSS, JS, images shipped in the jar; public, cacheable) and the language and zone switcher
 * ({@code POST /console/preferences}, CSRF-checked, sets the {@code lang} and {@code tz} cookies).
 */
@Path("/console")
public final class ConsoleResource {

    /** A home page for the people with one of {@code roles}. */
    public record RoleHome(Set<Role> roles, Callable<Response> page) {
    }

    private static final String ASSET_NAME = "[a-z0-9][a-z0-9.\\-]{0,63}\\.(css|js|svg|png|ico)";
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    private static final int YEAR = 365 * 24 * 3600;

    private final Console console;
    private final List<RoleHome> homes;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    public ConsoleResource(Console console, List<RoleHome> homes) {
        this.console = console;
        this.homes = List.copyOf(homes);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home() throws Exception {
        ConsolePage page = console.anyone("home.title");
        for (RoleHome h : homes) {
            if (h.roles().stream().anyMatch(page.who().roles()::contains)) {
                return h.page().call();
            }
        }
        return Console.html(200, out -> JtehomeGenerated.render(out, null, page));
    }

    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) {
        if (name == null || !name.matches(ASSET_NAME)) {
            throw new ConsoleRefusal(404, ApiError.HTTP_404.code(), "no such asset");
        }
        byte[] bytes = assets.computeIfAbsent(name, ConsoleResource::load);
        if (bytes.length == 0) {
            throw new ConsoleRefusal(404, ApiError.HTTP_404.code(), "no such asset");
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return Response.ok(bytes, TYPES.get(ext)).header("Cache-Control", "public, max-age=3600").build();
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleResource.class.getClassLoader().getResourceAsStream("console/assets/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The language and zone switcher: sets the cookies, then back to the page it came from. */
    @POST
    @Path("preferences")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response preferences(MultivaluedMap<String, String> form) {
        console.checkCsrf(form);
        console.anyone("home.title");
        Locale lang = ConsoleLocale.supported(form.getFirst("lang"));
        var zone = ConsoleLocale.zoneOrNull(form.getFirst("tz"));
        String back = form.getFirst("back");
        Response.ResponseBuilder r = Response.fromResponse(Console.seeOther(Console.safeConsolePath(back) ? back : "/console/"));
        if (lang != null) {
            r.header("Set-Cookie", cookie(ConsoleLocale.LANG_COOKIE, lang.getLanguage()));
        }
        if (zone != null) {
            r.header("Set-Cookie", cookie(ConsoleLocale.TZ_COOKIE, form.getFirst("tz")));
        }
        return r.build();
    }

    private static String cookie(String name, String value) {
        return name + "=" + value + "; Path=/console; Max-Age=" + YEAR + "; Secure; HttpOnly; SameSite=Strict";
    }

}
