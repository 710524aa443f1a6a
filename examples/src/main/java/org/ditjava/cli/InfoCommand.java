package org.ditjava.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ditjava.runtime.BackendReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dit info}: what ND4J runs on here. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the ND4J backend, BLAS, threads, CPU features and memory limits.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BackendReport.current().lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
