package org.ditjava.eval;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The outcome of one evaluation: the metrics that could be computed (IS needs logits, sFID spatial
 * features), what was compared, and optionally the model and its Gflops for the scaling chart.
 *
 * @param metrics        metric → value, in {@link Metric} order
 * @param samples        sample images / feature rows
 * @param references     reference images / feature rows
 * @param featureNetwork the feature network's id, or {@code "precomputed"}
 * @param model          the evaluated model's name, or {@code null}
 * @param gflops         the model's forward Gflops (the paper's count), or {@code null}
 */
public record EvalResult(Map<Metric, Double> metrics, long samples, long references, String featureNetwork,
                         String model, Double gflops) {

    public EvalResult {
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        copy.putAll(metrics);
        metrics = Collections.unmodifiableMap(copy);
    }

    /** The same result labelled with a model name and its Gflops (either may be null). */
    public EvalResult withModel(String name, Double flops) {
        return new EvalResult(metrics, samples, references, featureNetwork, name, flops);
    }

    /** The value of {@code m}, if it was computed. */
    public java.util.OptionalDouble get(Metric m) {
        Double v = metrics.get(m);
        return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
    }

    /** One line per metric, as the suite prints them ({@code FID: 2.27...}). */
    public String report() {
        StringJoiner out = new StringJoiner(System.lineSeparator());
        metrics.forEach((m, v) -> out.add(m.label() + ": " + String.format(Locale.ROOT, "%.6f", v)));
        out.add(String.format(Locale.ROOT, "(%d samples vs %d references, features: %s)", samples, references, featureNetwork));
        return out.toString();
    }

    /** Pretty-printed JSON with the metrics' keys ({@code fid}, {@code sfid}, …). */
    public String toJson() {
        JsonObject o = new JsonObject();
        metrics.forEach((m, v) -> o.addProperty(m.key(), v));
        o.addProperty("samples", samples);
        o.addProperty("references", references);
        o.addProperty("feature_network", featureNetwork);
        if (model != null) {
            o.addProperty("model", model);
        }
        if (gflops != null) {
            o.addProperty("gflops", gflops);
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(o);
    }

    /** Parses {@link #toJson()}'s format (unknown keys are ignored, missing metrics stay absent). */
    public static EvalResult fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        EnumMap<Metric, Double> m = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            if (o.has(metric.key()) && !o.get(metric.key()).isJsonNull()) {
                m.put(metric, o.get(metric.key()).getAsDouble());
            }
        }
        return new EvalResult(m, longOr(o.get("samples")), longOr(o.get("references")),
                o.has("feature_network") ? o.get("feature_network").getAsString() : "unknown",
                o.has("model") && !o.get("model").isJsonNull() ? o.get("model").getAsString() : null,
                o.has("gflops") && !o.get("gflops").isJsonNull() ? o.get("gflops").getAsDouble() : null);
    }

    private static long longOr(JsonElement e) {
        return e == null || e.isJsonNull() ? 0 : e.getAsLong();
    }
}
