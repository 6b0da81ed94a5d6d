package dev.kiln.configure;

import java.nio.file.Path;

/**
 * One thing wrong with an appliance's inputs, pointing at a file and line, with what to do.
 *
 * @param file    the descriptor (or input) the problem is in
 * @param line    1-based line; 0 for the whole file
 * @param message what is wrong
 * @param fix     what to do about it
 */
public record Problem(Path file, int line, String message, String fix) {

    /** {@code appliance.properties:7: unknown key 'zone'; did you mean 'zones'?} */
    public String render() {
        return file + (line > 0 ? ":" + line : "") + ": " + message + (fix == null || fix.isEmpty() ? "" : "; " + fix);
    }
}
