package org.ditjava.onnx;

import java.util.List;

/** Builds the SameDiff ops for one ONNX node and returns its outputs, in the node's output order. */
@FunctionalInterface
interface OpMapper {
    List<Value> map(NodeContext ctx);
}
