package org.ditjava.eval.plot;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.eval.EvalResult;
import org.ditjava.eval.Metric;

/**
 * One point of the scaling chart: a run's name, its model's forward Gflops and its FID.
 *
 * <p>A run is a folder holding {@code eval.json} (what {@code dit eval --out RUN/eval.json} writes:
 * the {@link EvalResult} JSON, whose {@code model} and {@code gflops} are set with
 * {@code --model} / {@code --gflops}); when {@code eval.json} has no {@code gflops}, the folder's
 * {@code run.json} may supply {@code gflops} (and {@code model}). A path to a JSON file is read as
 * that run's {@code eval.json}.
 *
 * @param name   the label: the model name when known, else the folder name
 * @param family the series the point belongs to: the model name up to its {@code /} (e.g.
 *               {@code DiT-XL} for {@code DiT-XL/2}), or {@code "runs"}
 * @param gflops the model's forward Gflops (the paper's count, multiply-accumulates)
 * @param fid    FID
 */
public record ScalingRun(String name, String family, double gflops, double fid) {
    /** The evaluation result file in a run folder. */
    public static final String EVAL_JSON = "eval.json";
    /** An optional run description with {@code gflops} / {@code model}. */
    public static final String RUN_JSON = "run.json";

    /** Reads a run folder (or an {@code eval.json} file); errors name the run and what is missing. */
    public static ScalingRun read(Path run) throws IOException {
        Path evalFile = Files.isDirectory(run) ? run.resolve(EVAL_JSON) : run;
        if (!Files.isRegularFile(evalFile)) {
            throw new IOException(run + ": no " + EVAL_JSON + " (write one with `dit eval ... --out " + run.resolve(EVAL_JSON) + "`)");
        }
        EvalResult result;
        try {
            result = EvalResult.fromJson(Files.readString(evalFile));
        } catch (RuntimeException e) {
            throw new IOException(evalFile + ": not an evaluation result (" + e.getMessage() + ")", e);
        }
        double fid = result.get(Metric.FID).orElseThrow(() -> new IOException(evalFile + ": has no fid"));
        String model = result.model();
        Double gflops = result.gflops();
        Path runJson = (Files.isDirectory(run) ? run : evalFile.toAbsolutePath().getParent()).resolve(RUN_JSON);
        if ((gflops == null || model == null) && Files.isRegularFile(runJson)) {
            JsonObject o = JsonParser.parseString(Files.readString(runJson)).getAsJsonObject();
            gflops = gflops != null ? gflops : o.has("gflops") ? Double.valueOf(o.get("gflops").getAsDouble()) : null;
            model = model != null ? model : o.has("model") ? o.get("model").getAsString() : null;
        }
        if (gflops == null || !(gflops > 0)) {
            throw new IOException(run + ": no positive gflops in " + evalFile.getFileName() + " or " + RUN_JSON
                    + " (pass --gflops to `dit eval`, e.g. 118.64 for DiT-XL/2 at 256 px)");
        }
        String folderName = (Files.isDirectory(run) ? run : evalFile).toAbsolutePath().normalize().getFileName().toString();
        String name = model != null ? model : folderName;
        String family = model != null && model.contains("/") ? model.substring(0, model.indexOf('/')) : model != null ? model : "runs";
        return new ScalingRun(name, family, gflops, fid);
    }
}
