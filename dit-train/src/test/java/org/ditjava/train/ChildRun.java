package org.ditjava.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program that the multi-process tests start in a child JVM: {@code lock RUN} takes the run's
 * lock and waits to be killed; {@code train RUN STEPS} trains the tiny run to {@code STEPS} (starting
 * it, or resuming it when it already has a configuration) and prints a line per step.
 */
public final class ChildRun {
    private ChildRun() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path run = Path.of(args[1]);
        if (args[0].equals("lock")) {
            Files.createDirectories(run);
            try (RunLock lock = RunLock.acquire(run, "a test process")) {
                out.println("locked");
                out.flush();
                Thread.sleep(120_000);
            }
            return;
        }
        long steps = Long.parseLong(args[2]);
        TrainConfig c = config(steps);
        try (Trainer t = Files.exists(run.resolve(RunFolder.CONFIG))
                ? Trainer.resume(run, x -> x, LatentDecoder.IDENTITY, TinyRuns.DATA)
                : Trainer.start(c, run, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            out.println("from " + t.step());
            out.flush();
            t.run(new TrainListener() {
                @Override
                public void onStep(long step, StepOutcome outcome, double elapsed) {
                    out.println("step " + step);
                    out.flush();
                }
            });
        }
        out.println("done");
        out.flush();
    }

    /** The crash test's run: a checkpoint and a metrics row every 2 steps, the last 2 kept. */
    static TrainConfig config(long steps) {
        return TinyRuns.config(steps, 2).toBuilder().keepLast(2).build();
    }

    /** A child JVM running {@code main} with {@code args}, on this JVM's class path. */
    static Process start(List<String> jvmFlags, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:TieredStopAtLevel=1");   // a child lives seconds: C1 alone starts faster
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
        // the same ND4J native build as this JVM (surefire's argLine; .ci/run picks it by the CPU)
        cmd.add("-Dorg.bytedeco.javacpp.platform.extension=" + System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildRun.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
