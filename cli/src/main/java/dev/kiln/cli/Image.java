package dev.kiln.cli;

import dev.kiln.configure.Configure;
import dev.kiln.configure.NetDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A built appliance image ({@code kiln build}): {@code manifest.properties}, {@code bin/appliance},
 * and in its generated jar the resolved descriptor (target, device addresses, example query).
 */
record Image(Path dir, String name, String target, NetDevice net0, String exampleQuery, boolean web, boolean https) {

    static boolean isImage(Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.properties")) && Files.isRegularFile(dir.resolve("bin/appliance"));
    }

    static Image open(Path dir) {
        Properties m = load(dir.resolve("manifest.properties"));
        Properties d = descriptor(dir);
        String target = m.getProperty("target", d.getProperty("target"));
        NetDevice net0 = new NetDevice("net0", d.getProperty("net.net0.address", "192.0.2.2/24"), d.getProperty("net.net0.gateway"),
                d.getProperty("net.net0.tap", NetDevice.TAP_DEFAULT), d.getProperty("net.net0.listen", NetDevice.LISTEN_DEFAULT), 0);
        return new Image(dir, m.getProperty("name", "appliance"), target, net0, d.getProperty("example-query", ". SOA"),
                "--site".equals(m.getProperty("data.option")), d.getProperty("arg.tls-port") != null);
    }

    Path launcher() {
        return dir.resolve("bin/appliance");
    }

    private static Properties descriptor(Path dir) {
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir.resolve("app"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UserError(dir + " is not a complete image (" + e.getMessage() + "): build it again with kiln build");
        }
        for (Path j : jars) {
            try (JarFile jar = new JarFile(j.toFile())) {
                var entry = jar.getEntry(Configure.DESCRIPTOR_RESOURCE);
                if (entry == null) continue;
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(entry)) {
                    p.load(in);
                }
                return p;
            } catch (IOException e) {
                throw new UserError("cannot read " + j + ": " + e.getMessage());
            }
        }
        throw new UserError(dir + " has no generated main (no " + Configure.DESCRIPTOR_RESOURCE + " in app/*.jar):"
                + " build the image with kiln build");
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        return p;
    }
}
