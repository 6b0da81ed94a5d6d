package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Any split of a valid pipelined byte stream gives the same requests, so the same response bytes. */
class PipelineSplitPropertiesTest {
    @Property(tries = 300)
    void anySplitGivesTheSameResponses(@ForAll("requests") List<String> requests,
                                       @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 64) Integer> pieces) {
        byte[] stream = String.join("", requests).getBytes(StandardCharsets.ISO_8859_1);
        String whole = new Wire(Wire::echo).send(stream, new int[] {stream.length});
        String split = new Wire(Wire::echo).send(stream, pieces.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(whole, split);
        assertEquals(requests.size(), whole.split("HTTP/1.1 200 OK\r\n", -1).length - 1);
    }

    @Provide
    Arbitrary<List<String>> requests() {
        Arbitrary<String> path = Arbitraries.strings().withChars("abc/%20.-~").ofMaxLength(20).map(s -> "/" + s.replace("%", "%25"));
        Arbitrary<String> body = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<Boolean> chunked = Arbitraries.of(true, false);
        Arbitrary<String> eol = Arbitraries.of("\r\n", "\n");
        return Combinators.combine(path, body, chunked, eol).as((p, b, c, n) -> {
            String head = "POST " + p + " HTTP/1.1" + n + "Host: h" + n + "X-Any:  v " + n;
            if (!c) return head + "Content-Length: " + b.length() + n + n + b;
            return head + "Transfer-Encoding: chunked" + n + n + (b.isEmpty() ? "" : Integer.toHexString(b.length()) + n + b + n) + "0" + n + n;
        }).list().ofMinSize(1).ofMaxSize(6);
    }
}
