package dev.kiln.configure;

import java.util.List;
import java.util.stream.Collectors;

/** The descriptor or an input is wrong: one or more {@link Problem}s, each naming the file, the line and the fix. */
public final class ConfigureException extends RuntimeException {
    private final transient List<Problem> problems;

    public ConfigureException(List<Problem> problems) {
        super(problems.stream().map(Problem::render).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigureException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
