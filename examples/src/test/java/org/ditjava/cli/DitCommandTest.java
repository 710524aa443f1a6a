package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's own behaviour: help, version, the backend report and bad input. */
class DitCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Dit.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void infoReportsTheBackend() {
        Run r = run("info");
        assertEquals(0, r.code, r.err);
        for (String label : new String[] {"backend", "BLAS vendor", "threads", "native binary level", "CPU level detected",
            "off-heap limit", "physical memory"}) {
            assertTrue(r.out.lines().anyMatch(l -> l.startsWith(label)), label + " missing from:\n" + r.out);
        }
        assertTrue(r.out.contains("CpuBackend") || r.out.contains("CudaBackend"), r.out);
    }

    @Test
    void helpListsCommandsAndVersionNamesTheStack() {
        Run help = run("--help");
        assertEquals(0, help.code);
        assertTrue(help.out.contains("info"), help.out);
        Run version = run("--version");
        assertEquals(0, version.code);
        assertTrue(version.out.startsWith("dit-java ") && version.out.contains("1.0.0-M2.1"), version.out);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run r = run("no-such-command");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("no-such-command"), r.err);
    }
}
