package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns import-time {@link Value}s into variables of one SameDiff graph, once each: constants
 * become SameDiff constants (named after their ONNX tensor), symbolic shape vectors become a
 * small run-time computation from {@code shape(x)}.
 */
final class Materializer {
    private final SameDiff sd;
    private final Map<Value, SDVariable> done = new IdentityHashMap<>();
    private final Map<Value, String> labels = new IdentityHashMap<>();
    private final Map<SDVariable, SDVariable> shapes = new IdentityHashMap<>();
    private final Map<String, SDVariable> dims = new HashMap<>();

    Materializer(SameDiff sd) {
        this.sd = sd;
    }

    SameDiff sd() {
        return sd;
    }

    /** Remembers the ONNX name of a value, used to name its constant. */
    void label(Value v, String onnxName) {
        labels.putIfAbsent(v, onnxName);
    }

    SDVariable variable(Value v) {
        if (v.isDynamic()) {
            return v.variable();
        }
        return done.computeIfAbsent(v, this::create);
    }

    private SDVariable create(Value v) {
        if (v.isConstant()) {
            return sd.constant(uniqueName(labels.getOrDefault(v, "const")), v.constant());
        }
        SDVariable vec = vector(v.elements());
        return v.isScalar() ? sd.reshape(vec, new long[0]) : vec;
    }

    /** A LONG vector holding the given dimensions at run time. */
    SDVariable vector(List<Dim> elements) {
        List<SDVariable> parts = new ArrayList<>();
        for (Dim d : elements) {
            parts.add(dim(d));
        }
        return parts.size() == 1 ? parts.get(0) : sd.concat(0, parts.toArray(new SDVariable[0]));
    }

    /** One dimension as a LONG vector of length 1. */
    SDVariable dim(Dim d) {
        SDVariable v = null;
        for (Dim.Symbol s : d.symbols()) {
            v = v == null ? symbol(s) : v.mul(symbol(s));
        }
        if (v == null) {
            return sd.constant(Nd4j.createFromArray(d.factor()));
        }
        return d.factor() == 1 ? v : v.mul(sd.constant(Nd4j.createFromArray(d.factor())));
    }

    private SDVariable symbol(Dim.Symbol s) {
        String key = s.source().name() + "#" + s.axis();
        return dims.computeIfAbsent(key, k -> {
            SDVariable shape = shapes.computeIfAbsent(s.source(), sd::shape);
            return sd.gather(shape, new int[] {s.axis()}, 0);
        });
    }

    /** A SameDiff constant with a readable, unique name. */
    SDVariable constant(String hint, org.nd4j.linalg.api.ndarray.INDArray a) {
        return sd.constant(uniqueName(hint), a);
    }

    /** A name valid in SameDiff (no ':', which SameDiff uses for op output indices), not yet used. */
    String uniqueName(String hint) {
        String base = hint.replaceAll("[^A-Za-z0-9_./\\-]", "_");
        if (base.isEmpty()) {
            base = "v";
        }
        String name = base;
        for (int i = 1; sd.hasVariable(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
