package org.ditjava.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Structural checks run before anything is built: an opset for the default domain, every op
 * supported, every node input produced by something, every graph output produced, and the nodes in
 * an order where each comes after what it reads (the ONNX spec requires that order; it is
 * restored here if a producer broke it).
 */
final class GraphCheck {
    /** The default-domain opsets whose semantics the mapping follows. */
    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 21;

    private GraphCheck() {
    }

    static int opset(ModelProto model, String source) throws OnnxImportException {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException(source, "no graph or an empty graph (truncated or not an ONNX model?)");
        }
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            if (OpRegistry.isDefaultDomain(id.getDomain())) {
                long v = id.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new OnnxImportException(source, "opset " + v + " is not supported (supported: "
                            + MIN_OPSET + " to " + MAX_OPSET + "; re-export with opset 14 to 18)");
                }
                return (int) v;
            }
        }
        throw new OnnxImportException(source, "no opset_import for the default ONNX domain (truncated or malformed file?)");
    }

    /** Fails with {@link UnsupportedOpException} listing every node whose op is not mapped. */
    static void requireSupported(GraphProto g, String source) throws UnsupportedOpException {
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (NodeProto n : g.getNodeList()) {
            if (!OpRegistry.supports(n.getDomain(), n.getOpType())) {
                unsupported.putIfAbsent(nodeName(n), qualified(n));
            }
        }
        if (!unsupported.isEmpty()) {
            var first = unsupported.entrySet().iterator().next();
            List<String> others = unsupported.entrySet().stream().skip(1).limit(20)
                    .map(e -> e.getValue() + " '" + e.getKey() + "'").toList();
            throw new UnsupportedOpException(source, first.getValue(), first.getKey(), others, OpRegistry.supported());
        }
    }

    private static String qualified(NodeProto n) {
        return OpRegistry.isDefaultDomain(n.getDomain()) ? n.getOpType() : n.getDomain() + "." + n.getOpType();
    }

    static String nodeName(NodeProto n) {
        return n.getName().isEmpty() ? "(unnamed, output " + (n.getOutputCount() > 0 ? n.getOutput(0) : "?") + ")" : n.getName();
    }

    /** The nodes in dependency order; fails naming the first input nothing produces. */
    static List<NodeProto> sorted(GraphProto g, String source) throws OnnxImportException {
        Set<String> available = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            available.add(t.getName());
        }
        for (ValueInfoProto v : g.getInputList()) {
            available.add(v.getName());
        }
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String o : g.getNode(i).getOutputList()) {
                if (!o.isEmpty()) {
                    producer.put(o, i);
                }
            }
        }
        List<NodeProto> order = new ArrayList<>();
        boolean[] placed = new boolean[g.getNodeCount()];
        boolean[] visiting = new boolean[g.getNodeCount()];
        for (int i = 0; i < g.getNodeCount(); i++) {
            place(g, i, available, producer, placed, visiting, order, source);
        }
        for (ValueInfoProto out : g.getOutputList()) {
            if (!available.contains(out.getName())) {
                throw new OnnxImportException(source, "graph output '" + out.getName() + "' is produced by no node (truncated or malformed file?)");
            }
        }
        return order;
    }

    private static void place(GraphProto g, int root, Set<String> available, Map<String, Integer> producer,
                              boolean[] placed, boolean[] visiting, List<NodeProto> order, String source) throws OnnxImportException {
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            int i = stack.peek();
            if (placed[i]) {
                stack.pop();
                continue;
            }
            visiting[i] = true;
            NodeProto n = g.getNode(i);
            Integer missing = null;
            for (String in : n.getInputList()) {
                if (in.isEmpty() || available.contains(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new OnnxImportException(source, "node '" + nodeName(n) + "' (" + n.getOpType() + ") reads '" + in
                            + "', which no node, initializer or graph input produces (truncated or malformed file?)");
                }
                if (visiting[p] && !placed[p]) {
                    throw new OnnxImportException(source, "the graph has a cycle through node '" + nodeName(n) + "'");
                }
                missing = p;
                break;
            }
            if (missing != null) {
                stack.push(missing);
                continue;
            }
            stack.pop();
            placed[i] = true;
            order.add(n);
            for (String o : n.getOutputList()) {
                available.add(o);
            }
        }
    }
}
