package dev.kiln.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes requests by path to handlers, so static and dynamic content mix:
 * <pre>{@code
 * Handler app = Router.builder()
 *         .get("/api/time", req -> Response.text(200, "…"))
 *         .post("/api/echo", req -> Response.of(200, "application/octet-stream", req.body()))
 *         .prefix("/api/v2/", v2)           // any method, any path below
 *         .fallback(site)                   // e.g. a baked StaticSite
 *         .build();
 * }</pre>
 * An exact path wins over a prefix, a longer prefix over a shorter one. A path that exists but not
 * for the method gets 405 with Allow (RFC 9110 §15.5.6); HEAD is served by the GET handler. No
 * route and no fallback: 404.
 */
public final class Router implements Handler {
    private final Map<String, Map<String, Handler>> exact;
    private final TreeMap<String, Handler> prefixes;
    private final Handler fallback;

    private Router(Builder b) {
        this.exact = b.exact;
        this.prefixes = b.prefixes;
        this.fallback = b.fallback;
    }

    public static Builder builder() { return new Builder(); }

    @Override
    public Response handle(Request r) {
        Map<String, Handler> byMethod = exact.get(r.path());
        if (byMethod != null) {
            Handler h = byMethod.get(r.method());
            if (h == null && r.isHead()) h = byMethod.get("GET");
            if (h != null) return h.handle(r);
            List<String> allow = new ArrayList<>(byMethod.keySet());
            if (allow.contains("GET") && !allow.contains("HEAD")) allow.add("HEAD");
            return Response.text(405, "method " + r.method() + " is not allowed here\n").withHeader("Allow", String.join(", ", allow));
        }
        for (var e = prefixes.floorEntry(r.path()); e != null; e = prefixes.lowerEntry(e.getKey())) {
            if (r.path().startsWith(e.getKey())) return e.getValue().handle(r);
        }
        return fallback != null ? fallback.handle(r) : Response.text(404, "not found\n");
    }

    public static final class Builder {
        private final Map<String, Map<String, Handler>> exact = new LinkedHashMap<>();
        private final TreeMap<String, Handler> prefixes = new TreeMap<>();
        private Handler fallback;

        /** {@code method} requests for exactly {@code path} (decoded, e.g. "/api/time") go to {@code h}. */
        public Builder route(String method, String path, Handler h) {
            if (!path.startsWith("/")) throw new IllegalArgumentException("route path '" + path + "' must start with /");
            if (exact.computeIfAbsent(path, k -> new LinkedHashMap<>()).putIfAbsent(method, h) != null) {
                throw new IllegalArgumentException("two handlers for " + method + " " + path);
            }
            return this;
        }

        public Builder get(String path, Handler h) { return route("GET", path, h); }
        public Builder post(String path, Handler h) { return route("POST", path, h); }

        /** Every request whose path starts with {@code prefix} goes to {@code h} (which checks the method). */
        public Builder prefix(String prefix, Handler h) {
            if (!prefix.startsWith("/")) throw new IllegalArgumentException("prefix '" + prefix + "' must start with /");
            if (prefixes.putIfAbsent(prefix, h) != null) throw new IllegalArgumentException("two handlers for prefix " + prefix);
            return this;
        }

        /** What answers when no route matches, e.g. the static site. */
        public Builder fallback(Handler h) { this.fallback = h; return this; }

        public Router build() { return new Router(this); }
    }
}
