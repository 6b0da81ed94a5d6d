package dev.kiln.examples.www;

import dev.kiln.http.Handler;
import dev.kiln.http.Response;
import dev.kiln.http.Router;
import java.nio.charset.StandardCharsets;

/**
 * The appliance's dynamic handlers, routed in front of the baked site:
 * {@code GET /healthz} (liveness: {@code ok}) and {@code GET /api/time} (the appliance's clock as
 * JSON). Everything else falls through to the site. They run on the loop thread and do not block.
 */
final class Api {
    private Api() {}

    /** The router: the dynamic routes, then {@code site} for every other path. */
    static Router routes(Handler site, long bootEpochMillis) {
        return Router.builder()
                .get("/healthz", r -> Response.text(200, "ok\n"))
                .get("/api/time", r -> time(bootEpochMillis))
                .fallback(site)
                .build();
    }

    private static Response time(long bootEpochMillis) {
        long now = System.currentTimeMillis();
        String json = "{\"epochMillis\":" + now + ",\"uptimeMillis\":" + (now - bootEpochMillis) + "}\n";
        return Response.of(200, "application/json", json.getBytes(StandardCharsets.US_ASCII)).withHeader("Cache-Control", "no-store");
    }
}
