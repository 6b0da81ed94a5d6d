package dev.kiln.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Housekeeping for image directories kiln build writes. */
final class Images {
    private Images() {}

    /** Removes a previous image at {@code out} (only if it is one: it has manifest.properties and bin/appliance). */
    static void removePrevious(Path out) {
        if (!Files.exists(out)) return;
        if (!Image.isImage(out)) {
            throw new UserError(out + " exists and is not a Kiln image: choose another output directory with -o");
        }
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UserError("cannot remove the previous image " + out + ": " + e.getMessage());
        }
    }
}
