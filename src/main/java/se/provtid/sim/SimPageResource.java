package se.provtid.sim;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves the simulated site's single-page app at {@code /Boka/ng/}, starting a session as ASP.NET does. */
@Path("/Boka/ng")
public class SimPageResource {

    static final String CONSENT_COOKIE = "TrvCookieConsent";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "qrcode.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final SimState state;

    public SimPageResource(SimState state) {
        this.state = state;
    }

    @GET
    public Response root(@CookieParam(SiteSimulatorResource.SESSION_COOKIE) String sessionId,
            @CookieParam(CONSENT_COOKIE) String consent) {
        return pageLoad(sessionId, consent);
    }

    @GET
    @Path("assets/{file}")
    public Response asset(@PathParam("file") String file,
            @CookieParam(SiteSimulatorResource.SESSION_COOKIE) String sessionId,
            @CookieParam(CONSENT_COOKIE) String consent) {
        String type = ASSET_TYPES.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        // Counted for the cookie's session only: an asset never starts a session, the page it belongs to does.
        state.assetLoaded(state.known(sessionId), file, consent != null);
        return Response.ok(read(file)).type(type).header("Cache-Control", "no-cache").build();
    }

    /** Deep links such as /Boka/ng/search/token/5/12/0/0 load the same app, which reads the path. */
    @GET
    @Path("{path: .*}")
    public Response deepLink(@PathParam("path") String path,
            @CookieParam(SiteSimulatorResource.SESSION_COOKIE) String sessionId,
            @CookieParam(CONSENT_COOKIE) String consent) {
        return pageLoad(sessionId, consent);
    }

    /** The page, with a new session cookie when the request carries none the site knows (as ASP.NET answers). */
    private Response pageLoad(String sessionId, String consent) {
        SimState.Session s = state.session(sessionId);
        state.pageLoaded(s, consent != null);
        Response.ResponseBuilder r = page();
        if (!s.id.equals(sessionId)) {
            r.header("Set-Cookie", sessionCookie(s.id));
        }
        return r.build();
    }

    /** The app's HTML page: also what the site answers a call it does not take for the app's own. */
    static Response.ResponseBuilder page() {
        return Response.ok(read("index.html")).type("text/html; charset=utf-8").header("Cache-Control", "no-cache");
    }

    /** The header as ASP.NET writes it; NewCookie would add the obsolete {@code Version=1}. */
    static String sessionCookie(String id) {
        return SiteSimulatorResource.SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly";
    }

    private static byte[] read(String file) {
        // One copy of the QR library: the one Provtid's own person page (/app/) ships.
        String resource = "qrcode.js".equals(file) ? "/META-INF/resources/app/qrcode.js" : "/sim/web/" + file;
        try (InputStream in = SimPageResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NotFoundException();
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
