package dev.kiln.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kiln} command: {@code new}, {@code build}, {@code run}, {@code demo}, {@code bake}, {@code inspect}, {@code cert}. */
@Command(name = "kiln", mixinStandardHelpOptions = true, version = "kiln 0.1.0",
        description = "Kiln: a library operating system for Java. Bakes single-purpose appliances and boots them"
                + " on their own network stack (tap) or on host sockets (host).",
        subcommands = {
            NewCommand.class,
            BuildCommand.class,
            RunCommand.class,
            DemoCommand.class,
            BakeCommand.class,
            InspectCommand.class,
            CertCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Kiln implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Kiln());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof UserError || ex instanceof dev.kiln.configure.ConfigureException
                    || ex instanceof dev.kiln.build.BuildException) {
                System.err.println("kiln: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        System.exit(cl.execute(args));
    }
}
