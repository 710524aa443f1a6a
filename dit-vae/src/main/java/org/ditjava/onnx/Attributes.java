package org.ditjava.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/** Typed access to a node's attributes, with the ONNX defaults given by the caller. */
final class Attributes {
    private final Map<String, AttributeProto> byName = new HashMap<>();

    Attributes(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            byName.put(a.getName(), a);
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long getInt(String name, long dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : require(a, AttributeProto.AttributeType.INT).getI();
    }

    float getFloat(String name, float dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : require(a, AttributeProto.AttributeType.FLOAT).getF();
    }

    String getString(String name, String dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : require(a, AttributeProto.AttributeType.STRING).getS().toStringUtf8();
    }

    /** An INTS attribute, or {@code dflt} (may be null) when absent. */
    long[] getInts(String name, long[] dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : require(a, AttributeProto.AttributeType.INTS).getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    List<Float> getFloats(String name) {
        AttributeProto a = byName.get(name);
        return a == null ? null : require(a, AttributeProto.AttributeType.FLOATS).getFloatsList();
    }

    AttributeProto get(String name) {
        return byName.get(name);
    }

    private static AttributeProto require(AttributeProto a, AttributeProto.AttributeType type) {
        if (a.getType() != type) {
            throw new NodeException("attribute '" + a.getName() + "' is " + a.getType() + ", expected " + type);
        }
        return a;
    }
}
