package dev.kiln.dns.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where zone files come from: the file system, or (in tests and fuzzing) memory. */
interface SourceFiles {

    /**
     * Reads a whole file, refusing more than {@code bytesMax} bytes.
     *
     * @throws NoSuchFileException  no such file
     * @throws NotAFileException    it is a directory or another non-regular file
     * @throws TooLargeException    larger than {@code bytesMax}
     * @throws IOException          anything else, e.g. {@link java.nio.file.AccessDeniedException}
     */
    byte[] read(Path file, long bytesMax) throws IOException;

    /** The file system. */
    SourceFiles DISK = (file, bytesMax) -> {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(file)) {
            throw new NotAFileException(file + " is a directory");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new NotAFileException(file + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, bytesMax + 1));
            if (bytes.length > bytesMax) {
                throw new TooLargeException(bytesMax);
            }
            return bytes;
        }
    };

    final class NotAFileException extends IOException {
        NotAFileException(String message) {
            super(message);
        }
    }

    final class TooLargeException extends IOException {
        final long bytesMax;

        TooLargeException(long bytesMax) {
            super("larger than " + bytesMax + " bytes");
            this.bytesMax = bytesMax;
        }
    }
}
