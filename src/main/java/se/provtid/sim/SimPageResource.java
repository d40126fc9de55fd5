package se.provtid.sim;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves the simulated site's single-page app at {@code /Boka/ng/}. */
@Path("/Boka/ng")
public class SimPageResource {

    private static final Map<String, String> ASSET_TYPES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "qrcode.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    @GET
    public Response root() {
        return page();
    }

    @GET
    @Path("assets/{file}")
    public Response asset(@PathParam("file") String file) {
        String type = ASSET_TYPES.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        return Response.ok(read(file)).type(type).header("Cache-Control", "no-cache").build();
    }

    /** Deep links such as /Boka/ng/search/token/5/12/0/0 load the same app, which reads the path. */
    @GET
    @Path("{path: .*}")
    public Response deepLink(@PathParam("path") String path) {
        return page();
    }

    private static Response page() {
        return Response.ok(read("index.html")).type("text/html; charset=utf-8").header("Cache-Control", "no-cache")
                .build();
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
