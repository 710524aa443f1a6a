package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FlopsCommandTest {

    private static String[] run(String... args) {
        CommandLine cli = Dit.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void tableHasAllTwelveConfigs() {
        String[] r = run("flops");
        assertEquals("0", r[0], r[2]);
        assertEquals(13, r[1].strip().split("\n").length, r[1]);
        assertTrue(r[1].contains("DiT-XL/2") && r[1].contains("118.64"), r[1]);
        assertTrue(r[1].contains("675,129,632"), r[1]);
    }

    @Test
    void oneModelAsJson() {
        String[] r = run("flops", "--model", "DiT-XL/2", "--image-size", "512", "--json");
        assertEquals("0", r[0], r[2]);
        JsonArray a = JsonParser.parseString(r[1]).getAsJsonArray();
        assertEquals(1, a.size());
        assertEquals(524.61, a.get(0).getAsJsonObject().get("gflops").getAsDouble(), 0.005);
        assertEquals(676014368L, a.get(0).getAsJsonObject().get("params").getAsLong());
    }

    @Test
    void blockDesign() {
        String[] r = run("flops", "--model", "DiT-XL/2", "--block", "cross-attention");
        assertTrue(r[1].contains("137.63"), r[1]);
    }

    @Test
    void badFlagsGiveAOneLineError() {
        String[] r = run("flops", "--block", "adaln-one");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("--block: unknown block type 'adaln-one'"), r[2]);
        r = run("flops", "--image-size", "300");
        assertTrue(r[2].contains("--image-size must be 256 or 512"), r[2]);
    }
}
