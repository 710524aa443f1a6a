package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line's own behaviour: help, version, the backend report and bad input. */
class DitCommandTest {

    @Test
    void infoReportsTheBackend() {
        CliRun r = CliRun.of("info");
        assertEquals(0, r.code(), r.err());
        for (String label : new String[] {"backend", "BLAS vendor", "threads", "native binary level", "CPU level detected",
            "off-heap limit", "physical memory"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(label)), label + " missing from:\n" + r.out());
        }
        assertTrue(r.out().contains("CpuBackend") || r.out().contains("CudaBackend"), r.out());
    }

    @Test
    void helpListsCommandsAndVersionNamesTheStack() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("info"), help.out());
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("dit-java ") && version.out().contains("1.0.0-M2.1"), version.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = CliRun.of("no-such-command");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no-such-command"), r.err());
    }

    @Test
    void outOfMemoryNamesTheLimitAndHowToRaiseIt() {
        java.io.StringWriter off = new java.io.StringWriter();
        Dit.reportOutOfMemory(new OutOfMemoryError("Physical memory usage is too high: physicalBytes (21G) > maxPhysicalBytes (20G)"),
                new java.io.PrintWriter(off));
        assertTrue(off.toString().contains("maxphysicalbytes in DIT_JAVA_OPTS") && off.toString().contains("--resume"), off.toString());
        java.io.StringWriter heap = new java.io.StringWriter();
        Dit.reportOutOfMemory(new OutOfMemoryError("Java heap space"), new java.io.PrintWriter(heap));
        assertTrue(heap.toString().contains("raise -Xmx in DIT_JAVA_OPTS"), heap.toString());
    }
}
