package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouterTest {
    static final Router APP = Router.builder()
            .get("/api/time", r -> Response.text(200, "time"))
            .post("/api/time", r -> Response.text(201, "set"))
            .prefix("/api/", r -> Response.text(200, "api " + r.path()))
            .prefix("/api/v2/", r -> Response.text(200, "v2 " + r.path()))
            .build();

    static String send(Handler h, String request) {
        return new Wire(h).send(request);
    }

    @Test
    void exactThenLongestPrefixThen404() {
        assertTrue(send(APP, "GET /api/time HTTP/1.1\r\nHost: h\r\n\r\n").endsWith("\r\n\r\ntime"));
        assertTrue(send(APP, "POST /api/time HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").startsWith("HTTP/1.1 201 Created\r\n"));
        assertTrue(send(APP, "GET /api/v2/x HTTP/1.1\r\nHost: h\r\n\r\n").endsWith("v2 /api/v2/x"));
        assertTrue(send(APP, "GET /api/v1/x HTTP/1.1\r\nHost: h\r\n\r\n").endsWith("api /api/v1/x"));
        assertTrue(send(APP, "GET /other HTTP/1.1\r\nHost: h\r\n\r\n").startsWith("HTTP/1.1 404 Not Found\r\n"));
    }

    @Test
    void headUsesGetAndOtherMethodsGet405WithAllow() {
        String head = send(APP, "HEAD /api/time HTTP/1.1\r\nHost: h\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: 4\r\n") && head.endsWith("\r\n\r\n"), head);
        String put = send(APP, "PUT /api/time HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        assertTrue(put.startsWith("HTTP/1.1 405 Method Not Allowed\r\n") && put.contains("Allow: GET, POST, HEAD\r\n"), put);
    }

    @Test
    void mistakesInRoutesAndResponsesAreProgrammerErrors() {
        assertThrows(IllegalArgumentException.class, () -> Router.builder().get("/a", r -> null).get("/a", r -> null));
        assertThrows(IllegalArgumentException.class, () -> Router.builder().get("a", r -> null));
        assertThrows(IllegalArgumentException.class, () -> Response.text(200, "x").withHeader("X-Bad", "a\r\nInjected: 1"));
        assertThrows(IllegalArgumentException.class, () -> Response.text(200, "x").withHeader("Content-Length", "9"));
        assertThrows(IllegalArgumentException.class, () -> Response.text(100, "x"));
        assertEquals(200, Response.empty(200).status());
    }
}
