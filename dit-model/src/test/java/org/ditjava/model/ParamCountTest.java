package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parameter counts and the set of zero-initialised tensors against model_init_stats.json. */
class ParamCountTest {

    private static JsonObject stats() throws IOException {
        return JsonParser.parseString(Files.readString(Fixtures.model("model_init_stats.json"))).getAsJsonObject();
    }

    @Test
    void parameterCountsMatchOfficialModels() throws IOException {
        JsonObject configs = stats().getAsJsonObject("configs");
        assertEquals(24, configs.size());
        for (Map.Entry<String, JsonElement> e : configs.entrySet()) {
            JsonObject s = e.getValue().getAsJsonObject();
            DiTConfig c = DiTConfig.byName(s.get("model").getAsString()).withInputSize(s.get("input_size").getAsInt());
            assertEquals(s.get("num_tokens").getAsInt(), c.numPatches(), e.getKey());
            DiTCost cost = DiTCost.of(c);
            assertEquals(s.get("params_with_pos_embed").getAsLong(), cost.params(), e.getKey() + " with pos_embed");
            assertEquals(s.get("trainable_params").getAsLong(), cost.trainableParams(), e.getKey() + " trainable");
            assertEquals(s.get("state_dict_tensors").getAsInt(), new DiTNet(c).params().all().size(), e.getKey());
        }
    }

    @Test
    void exactlyTheOfficialTensorsStartAtZero() throws IOException {
        String key = stats().keySet().stream().filter(k -> k.endsWith("_official_init")).findFirst().orElseThrow();
        JsonObject ref = stats().getAsJsonObject(key);
        DiTConfig config = DiTConfig.byName(key.substring(0, key.indexOf('@')))
                .withInputSize(Integer.parseInt(key.substring(key.indexOf('@') + 1, key.indexOf('_'))));
        Map<String, INDArray> w = DiTInit.official(config, 0, DataType.FLOAT);
        Set<String> zero = new TreeSet<>();
        long zeroValues = 0;
        for (Map.Entry<String, INDArray> e : w.entrySet()) {
            if (e.getValue().amaxNumber().doubleValue() == 0) {
                zero.add(e.getKey());
                zeroValues += e.getValue().length();
            }
        }
        assertEquals(new TreeSet<>(strings(ref, "all_zero_tensors")), zero);
        assertEquals(ref.get("n_all_zero_tensors").getAsInt(), zero.size());
        assertEquals(ref.get("zero_numel").getAsLong(), zeroValues);
        for (String nonZero : strings(ref, "not_all_zero_tensors")) {
            assertTrue(w.get(nonZero).amaxNumber().doubleValue() > 0, nonZero);
        }
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        o.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
