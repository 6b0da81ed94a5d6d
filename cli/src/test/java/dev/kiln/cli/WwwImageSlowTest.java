package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.build.BuiltImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SLOW (jlink and an AOT training run: about a minute): {@code kiln build examples/www --target host -o TMP}
 * with its AOT cache, trained over HTTP and HTTPS on every file of the site (aot.properties says how many
 * requests were answered and how many site paths were in the mix), then {@code kiln run TMP}: the image
 * boots and serves the site's large file byte for byte. Skip with {@code -DexcludedGroups=slow}.
 */
@Tag("slow")
class WwwImageSlowTest {
    @TempDir
    Path tmp;

    @Test
    void wwwExampleBuildsATrainedImageThatServesItsSite() throws Exception {
        Path www = Path.of("..", "examples", "www");
        BuiltImage img = BuildCommand.build(www, "host", tmp.resolve("img"), true, false, 0);
        Map<String, String> aot = dev.kiln.build.Manifest.read(img.dir().resolve(dev.kiln.build.Manifest.AOT_FILE));
        assertEquals("https", aot.get("aot.training.probe"), aot.toString());
        assertEquals(aot.get("aot.training.queries"), aot.get("aot.training.answered"), "every training request answered: " + aot);
        long files;
        try (var s = Files.walk(www.resolve("site"))) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".br")).count(); // X.br is X's variant
        }
        assertEquals(String.valueOf(files), aot.get("aot.training.site.paths"), "every site file in the training mix: " + aot);

        TargetOptions o = new TargetOptions();
        new CommandLine(o).parseArgs("--port", Integer.toString(WebRunTest.freeTcpPort()), "--tls-port", Integer.toString(WebRunTest.freeTcpPort()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8); Boot boot = Boot.start(img.dir(), o, out)) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + o.port + "/media/big.txt"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            String banner = log.toString(StandardCharsets.UTF_8);
            assertEquals(200, r.statusCode(), banner);
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(www.resolve("site/media/big.txt")), r.body()), "big.txt byte for byte\n" + banner);
            assertTrue(banner.contains("sealed   yes"), banner);
        }
    }
}
