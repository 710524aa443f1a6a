package org.ditjava.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every supported op has a per-op test: its type appears as a node built in one of the
 * {@code *OpsTest} classes (which compare against independently computed values).
 */
class OpCoverageTest {
    private static final List<String> PER_OP_TESTS = List.of("ElementwiseOpsTest", "ShapeOpsTest", "ConvPoolOpsTest",
            "NormOpsTest", "MatMulOpsTest", "ResizeReduceOpsTest");

    @Test
    void everySupportedOpIsExercisedByAPerOpTest() throws IOException {
        Path dir = Path.of("src/test/java/org/ditjava/onnx");
        StringBuilder all = new StringBuilder();
        for (String t : PER_OP_TESTS) {
            all.append(Files.readString(dir.resolve(t + ".java")));
        }
        List<String> missing = OnnxImporter.supportedOps().stream().filter(op -> !mentioned(all, op)).toList();
        assertEquals(List.of(), missing, "supported ops without a per-op test");
    }

    /** The op is built as a node ({@code node("Op", …)}), a Constant via {@code constant(…)}, or listed in an op table. */
    private static boolean mentioned(CharSequence source, String op) {
        if (op.equals("Constant") && source.toString().contains(".constant(")) {
            return true;
        }
        Matcher m = Pattern.compile("\"" + op + "\"").matcher(source);
        return m.find();
    }

}
