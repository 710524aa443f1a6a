package org.ditjava.onnx;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The ONNX ops the importer maps (default domain {@code ai.onnx}), by op type. */
final class OpRegistry {
    private static final Map<String, OpMapper> MAPPERS = build();

    private OpRegistry() {
    }

    private static Map<String, OpMapper> build() {
        Map<String, OpMapper> m = new TreeMap<>();
        ElementwiseOps.register(m);
        ConstantOps.register(m);
        ShapeOps.register(m);
        ReshapeOps.register(m);
        ConvOps.register(m);
        PoolOps.register(m);
        NormOps.register(m);
        MatMulOps.register(m);
        ReduceOps.register(m);
        ResizeOp.register(m);
        return Collections.unmodifiableMap(m);
    }

    /** The supported op types, sorted. */
    static List<String> supported() {
        return List.copyOf(MAPPERS.keySet());
    }

    static boolean supports(String domain, String opType) {
        return isDefaultDomain(domain) && MAPPERS.containsKey(opType);
    }

    static OpMapper get(String opType) {
        return MAPPERS.get(opType);
    }

    static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
