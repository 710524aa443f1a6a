package org.ditjava.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code dit} command line: parses flags, prints and draws; every subcommand delegates to a
 * public library API of the dit-* modules.
 */
@Command(name = "dit",
        mixinStandardHelpOptions = true,
        versionProvider = Dit.Version.class,
        description = "Diffusion Transformers (DiT, Peebles & Xie, ICCV 2023) on the JVM.",
        subcommands = {InfoCommand.class, FlopsCommand.class, ForwardCommand.class, DataCommand.class, EvalCommand.class, PlotCommand.class, VaeCommand.class, BenchCommand.class, TrainCommand.class, SampleCommand.class, CommandLine.HelpCommand.class})
public final class Dit implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A configured command line (tests call {@code execute} on it without exiting). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Dit());
        cli.setExecutionExceptionHandler(Dit::reportFailure);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints a one-line error (the full trace only with DIT_DEBUG=1) and returns exit code 1. */
    private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText("dit " + cli.getCommandName() + ": " + describe(e)));
        if ("1".equals(System.getenv("DIT_DEBUG"))) {
            e.printStackTrace(err);
        } else {
            err.println("(set DIT_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return 1;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    /** Version of the project and of the DL4J stack, from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Dit.class.getResourceAsStream("/dit-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "dit-java " + p.getProperty("version", "unknown"),
                "Deeplearning4j / ND4J / SameDiff " + p.getProperty("dl4j", "unknown") + ", backend " + p.getProperty("backend", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
