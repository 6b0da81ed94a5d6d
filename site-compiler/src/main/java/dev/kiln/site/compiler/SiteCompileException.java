package dev.kiln.site.compiler;

import java.util.List;

/** The site cannot be baked; every problem names its file and the fix. */
public final class SiteCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public SiteCompileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
}
