package dev.kiln.interop;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Bakes zone files into a {@code .kzone} image with the compiler API, as {@code ./kiln bake} does:
 * {@code ZoneCompiler.compileFiles(files).zones()} (or {@code compile(file)} per file) →
 * {@code ZoneImageWriter.write(zones)}.
 *
 * <p>Called reflectively for now: the compiler and the image writer are being written in other
 * branches, and this module must compile before they land. When they are not on the class path
 * the calling test is skipped (not failed) with a message saying so.
 */
final class ZoneBaker {
    static final String COMPILER = "dev.kiln.dns.compiler.ZoneCompiler";
    static final String WRITER = "dev.kiln.dns.zone.ZoneImageWriter";

    private ZoneBaker() {}

    static Path bake(List<ZoneFile> zones, Path out) throws IOException {
        Class<?> compiler = load(COMPILER);
        Class<?> writer = load(WRITER);
        List<Path> files = zones.stream().map(ZoneFile::file).toList();
        try {
            List<Object> list = new java.util.ArrayList<>();
            Method compileFiles = method(compiler, "compileFiles", List.class);
            if (compileFiles != null) {
                list.addAll(zonesOf(compileFiles.invoke(null, files)));
            } else {
                Method compile = compiler.getMethod("compile", Path.class);
                for (Path f : files) list.addAll(zonesOf(compile.invoke(null, f)));
            }
            Method write = writer.getMethod("write", List.class);
            byte[] image = (byte[]) write.invoke(null, list);
            Files.write(out, image);
            return out;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the zone compiler rejected " + files + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the compiler API is not what the interop tests expect ("
                    + COMPILER + ".compileFiles(List<Path>).zones(), " + WRITER + ".write(List) -> byte[]): " + e, e);
        }
    }

    private static List<?> zonesOf(Object compiled) throws ReflectiveOperationException {
        return compiled instanceof List<?> l ? l : (List<?>) compiled.getClass().getMethod("zones").invoke(compiled);
    }

    private static Method method(Class<?> c, String name, Class<?>... params) {
        try {
            return c.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            Assumptions.abort(name + " is not on the class path yet (merge main once the zone compiler has landed)");
            throw new AssertionError("unreachable");
        }
    }
}
