package dev.kiln.interop;

import java.nio.file.Path;

/** A zone master file and its origin ("example.com."). Relative $INCLUDEs resolve against the file's directory. */
record ZoneFile(String origin, Path file) {}
