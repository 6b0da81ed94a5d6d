package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small made-up image, inspected as a directory and as its .tar.xz: every byte lands in the right part. */
class ImageInspectorTest {
    @TempDir Path tmp;

    private Path image() throws Exception {
        Path d = tmp.resolve("img");
        write(d.resolve("runtime/lib/server/libjvm.so"), 1000);
        write(d.resolve("runtime/lib/modules"), 700);
        write(d.resolve("runtime/bin/java"), 30);
        Files.createSymbolicLink(d.resolve("runtime/LICENSE"), Path.of("lib/modules")); // a link, not bytes
        write(d.resolve("data/zones.kzone"), 50);
        write(d.resolve("app.aot"), 400);
        write(d.resolve("bin/appliance"), 20);
        write(d.resolve("stray.txt"), 3);
        Files.writeString(d.resolve(Manifest.FILE), "main.class=app.Main\njdk.modules=java.base,jdk.unsupported\nname=t\n"
                + "shrink=ProGuard 7.8.1 (shrink only)\nsize.app.unshrunk.bytes=99999\napp.classes.unshrunk=9\napp.classes=3\n");
        Files.writeString(d.resolve(Manifest.AOT_FILE), "aot.training.answered=50\n");
        Files.createDirectories(d.resolve("app"));
        jar(d.resolve("app/01-app.jar"), "app/Main.class", "app/Util.class", "module-info.class");
        jar(d.resolve("app/02-kiln-dns.jar"), "dev/kiln/dns/AuthServer.class", "META-INF/MANIFEST.MF");
        jar(d.resolve("app/03-thirdparty.jar"), "org/x/Y.class");
        return d;
    }

    private static void write(Path f, int bytes) throws Exception {
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes]);
    }

    private void jar(Path jar, String... entries) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "jar");
        for (String e : entries) write(dir.resolve(e), 10);
        AppPacker.jarDirectory(dir, jar);
    }

    @Test
    void directoryAndTarXzGiveTheSameParts() throws Exception {
        Path d = image();
        ImageInspector.Report r = ImageInspector.inspect(d);
        Map<String, Long> p = r.parts();
        assertEquals(1730, p.get("runtime"));
        assertEquals(1000, p.get("runtime.libjvm"));
        assertEquals(700, p.get("runtime.modules"));
        assertEquals(50, p.get("baked data"));
        assertEquals(400, p.get("AOT cache"));
        assertEquals(20, p.get("launcher"));
        assertEquals(3, p.get("other"));
        assertEquals(List.of("java.base", "jdk.unsupported"), r.modules());
        assertEquals("50", r.aot().get("aot.training.answered"));
        List<ImageInspector.Jar> jars = r.jars();
        assertEquals(List.of("01-app.jar", "02-kiln-dns.jar", "03-thirdparty.jar"), jars.stream().map(ImageInspector.Jar::name).toList());
        assertEquals(List.of(2, 1, 1), jars.stream().map(ImageInspector.Jar::classes).toList(), "module-info is not a class");
        assertEquals(List.of(false, true, false), jars.stream().map(ImageInspector.Jar::kiln).toList(), "main jar and non-Kiln code are the application");
        long kiln = Files.size(d.resolve("app/02-kiln-dns.jar"));
        assertEquals(kiln, p.get("kiln libraries"));
        assertEquals(Files.size(d.resolve("app/01-app.jar")) + Files.size(d.resolve("app/03-thirdparty.jar")), p.get("application"));
        assertEquals(p.get("application") + kiln + 50, r.applianceSpecific());
        assertEquals(-1, r.shipped(), "no .tar.xz beside it yet");

        TarXz.write(d, "t", tmp.resolve("img.tar.xz"), 0, false, rel -> false);
        ImageInspector.Report t = ImageInspector.inspect(tmp.resolve("img.tar.xz"));
        assertEquals(r.parts(), t.parts());
        assertEquals(r.jars(), t.jars());
        assertEquals(r.manifest(), t.manifest());
        assertEquals(Files.size(tmp.resolve("img.tar.xz")), t.shipped());
        assertEquals(t.shipped(), ImageInspector.inspect(d).shipped(), "the directory's sibling .tar.xz is the shipped size");

        String text = InspectText.render(t);
        for (String s : List.of("lib/server/libjvm.so", "Kiln libraries (1 jars, 1 classes)", "02-kiln-dns.jar (1 classes)",
                "AOT cache (trained on 50 queries)", "appliance-specific", "99,999", "main.class = app.Main")) {
            assertTrue(text.contains(s), s + " missing in:\n" + text);
        }
    }

    @Test
    void somethingElseIsAnErrorThatSaysWhatAnImageIs() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("x.txt"), "x");
        Files.write(tmp.resolve("bad.tar.xz"), new byte[] {1, 2, 3});
        for (Path p : List.of(tmp.resolve("empty"), tmp.resolve("x.txt"), tmp.resolve("nope"), tmp.resolve("bad.tar.xz"))) {
            BuildException e = assertThrows(BuildException.class, () -> ImageInspector.inspect(p));
            assertTrue(e.getMessage().contains("An image is a directory with manifest.properties") && e.getMessage().contains("Main build"),
                    e.getMessage());
        }
    }
}
