package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ditjava.eval.plot.ScalingChart;
import org.ditjava.eval.plot.ScalingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dit plot}: charts of evaluation results. */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw charts of evaluation results.",
        subcommands = PlotCommand.Scaling.class)
final class PlotCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code dit plot scaling}: FID against transformer Gflops (the paper's scaling figure). */
    @Command(name = "scaling", mixinStandardHelpOptions = true,
            description = {"FID vs transformer Gflops as a PNG (log Gflops axis, one series per model family).",
                "A run is a folder with eval.json (from `dit eval --out RUN/eval.json --model DiT-XL/2 --gflops 118.64`);",
                "gflops may also come from RUN/run.json. A JSON file may be given instead of a folder."})
    static final class Scaling implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--runs", arity = "1..*", required = true, paramLabel = "RUN", description = "Run folders (or eval.json files).")
        private List<Path> runs;

        @Option(names = {"-o", "--out"}, defaultValue = "scaling.png", paramLabel = "PNG", description = "Output image (default: ${DEFAULT-VALUE}).")
        private Path out;

        @Override
        public Integer call() throws IOException {
            List<ScalingRun> points = new ArrayList<>();
            for (Path run : runs) {
                points.add(ScalingRun.read(run));
            }
            ScalingChart.writePng(points, out);
            PrintWriter o = spec.commandLine().getOut();
            for (ScalingRun p : points) {
                o.printf(Locale.ROOT, "%-24s %10.2f Gflops  FID %.2f%n", p.name(), p.gflops(), p.fid());
            }
            o.println("wrote " + out);
            o.flush();
            return 0;
        }
    }
}
