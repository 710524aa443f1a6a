package org.ditjava.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import org.ditjava.runtime.NativeSelection;
import org.ditjava.train.CodeVersion;
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
        try {
            NativeSelection.apply();   // before anything loads ND4J: which native build (oneDNN, AVX-512, ...) it loads
        } catch (IllegalArgumentException e) {
            System.err.println("dit: " + e.getMessage());
            System.exit(2);
        }
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            PrintWriter err = new PrintWriter(System.err, true);
            reportOutOfMemory(e, err);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * What a user sees when the heap or ND4J's off-heap budget runs out (picocli passes Errors through):
     * which limit, and how to change it; checkpoints and outputs on disk are whole (atomic writes).
     */
    static void reportOutOfMemory(OutOfMemoryError e, PrintWriter err) {
        boolean offHeap = String.valueOf(e.getMessage()).matches("(?s).*(Physical memory|physicalBytes|maxBytes|Pointer|allocate).*");
        err.println("dit: out of memory (" + describe(e) + ").");
        err.println(offHeap
                ? "ND4J's off-heap tensors hit their limit: raise org.bytedeco.javacpp.maxbytes / maxphysicalbytes in "
                        + "DIT_JAVA_OPTS (see the defaults in the dit launcher), "
                        + "or lower --batch-size (dit train: --accum keeps the batch)."
                : "The Java heap hit its limit: raise -Xmx in DIT_JAVA_OPTS, or lower --batch-size.");
        err.println("Files already written are complete (written atomically); dit train --resume RUN continues from the last checkpoint.");
        if ("1".equals(System.getenv("DIT_DEBUG"))) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** A configured command line (tests call {@code execute} on it without exiting). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Dit());
        cli.setExecutionExceptionHandler(Dit::reportFailure);
        cli.setExecutionStrategy(parsed -> {
            List<CommandLine> chain = parsed.asCommandLineList();
            FlagRanges.check(chain.get(chain.size() - 1).getCommandSpec());   // before any work: exit 2 on a bad number
            return new CommandLine.RunLast().execute(parsed);
        });
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

    /**
     * The message of {@code e}; for a file-system error, whose message is often just a path, also
     * what went wrong ("/proc/x: cannot write it: permission denied").
     */
    static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getFile() != null && f.getMessage().equals(f.getFile())) {
            return f.getFile() + ": " + fileProblem(f);
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    private static String fileProblem(FileSystemException f) {
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
    }

    /** Version of the project and of the DL4J stack, from the build (the version checkpoints record). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            CodeVersion v = CodeVersion.current();
            return new String[] {
                "dit-java " + v.version(),
                "Deeplearning4j / ND4J / SameDiff " + v.dl4j() + ", backend " + v.backend(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
