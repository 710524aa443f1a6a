package org.ditjava.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ONNX → SameDiff: walks the graph in dependency order and maps each node onto SameDiff ops with
 * its own op mapping ({@link #supportedOps()}), on the ONNX protobuf classes that ship in nd4j-api.
 *
 * <p>Shapes are tracked at import time with symbolic sizes for what is only known at run time
 * (named by the inputs' {@code dim_param}s), so torch's shape subgraphs ({@code Shape}, {@code
 * Gather}, {@code Concat}, {@code ConstantOfShape}, {@code Slice} …) are folded into constants or
 * static reshapes, and the imported graph stays independent of the batch size. A node whose
 * inputs are all constant is evaluated once, at import time.
 *
 * <p>Every op is checked before anything is built: an unsupported one fails with
 * {@link UnsupportedOpException}; any other problem with an {@link OnnxImportException} naming the
 * file, node and op.
 */
public final class OnnxImporter {
    /**
     * Version of the mapping; part of the cache key of imported graphs, so bumping it re-imports
     * them. Bump whenever a mapping changes what a graph computes.
     */
    public static final int MAPPING_VERSION = 1;

    private OnnxImporter() {
    }

    /** The ONNX op types the mapping supports (default domain). */
    public static List<String> supportedOps() {
        return OpRegistry.supported();
    }

    /** Reads and imports an {@code .onnx} file. */
    public static OnnxGraph importFile(Path file) throws IOException {
        return importModel(OnnxFiles.read(file), file.toString());
    }

    /** Imports a parsed model; {@code source} names it in error messages. */
    public static OnnxGraph importModel(ModelProto model, String source) throws OnnxImportException {
        int opset = GraphCheck.opset(model, source);
        GraphProto g = model.getGraph();
        GraphCheck.requireSupported(g, source);
        List<NodeProto> nodes = GraphCheck.sorted(g, source);
        SameDiff sd = SameDiff.create();
        Materializer mat = new Materializer(sd);
        Map<String, Value> values = initializers(g, mat, source);
        List<TensorSpec> inputs = new ArrayList<>();
        Map<String, Dim.Symbol> named = new HashMap<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (!values.containsKey(in.getName())) {
                Value v = placeholder(sd, in, named, source);
                values.put(in.getName(), v);
                inputs.add(new TensorSpec(in.getName(), v.dtype(), Dim.toLongs(v.shape())));
            }
        }
        for (NodeProto n : nodes) {
            bind(n, values, mat, map(n, values, opset, mat, source), source);
        }
        return new OnnxGraph(sd, inputs, outputs(g, values, mat, source), source, OnnxGraph.Origin.IMPORTED);
    }

    private static Map<String, Value> initializers(GraphProto g, Materializer mat, String source) throws OnnxImportException {
        Map<String, Value> values = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            try {
                Value v = Value.constant(TensorProtos.toArray(t));
                values.put(t.getName(), v);
                mat.label(v, t.getName());
            } catch (IllegalArgumentException e) {
                throw new OnnxImportException(source, "initializer: " + e.getMessage(), e);
            }
        }
        return values;
    }

    /** Names each graph output in SameDiff by its ONNX name (an identity op). */
    private static List<TensorSpec> outputs(GraphProto g, Map<String, Value> values, Materializer mat, String source)
            throws OnnxImportException {
        List<TensorSpec> outputs = new ArrayList<>();
        for (ValueInfoProto out : g.getOutputList()) {
            Value v = values.get(out.getName());
            if (mat.sd().hasVariable(out.getName())) {
                throw new OnnxImportException(source, "graph output '" + out.getName() + "' is also an input or initializer");
            }
            mat.sd().identity(out.getName(), mat.variable(v));
            outputs.add(new TensorSpec(out.getName(), v.dtype(), Dim.toLongs(v.shape())));
        }
        return outputs;
    }

    private static Value placeholder(SameDiff sd, ValueInfoProto in, Map<String, Dim.Symbol> named, String source)
            throws OnnxImportException {
        if (!in.getType().hasTensorType()) {
            throw new OnnxImportException(source, "graph input '" + in.getName() + "' is not a tensor");
        }
        DataType type;
        try {
            type = TensorProtos.dataType(in.getType().getTensorType().getElemType());
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(source, "graph input '" + in.getName() + "': " + e.getMessage(), e);
        }
        List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        long[] shape = dims.stream().mapToLong(d -> d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1).toArray();
        SDVariable ph = sd.placeHolder(in.getName(), type, shape);
        List<Dim> known = new ArrayList<>();
        for (int a = 0; a < dims.size(); a++) {
            TensorShapeProto.Dimension d = dims.get(a);
            if (shape[a] >= 0) {
                known.add(Dim.of(shape[a]));
            } else {
                final int axis = a;
                String label = d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : in.getName() + "#" + a;
                known.add(Dim.symbol(named.computeIfAbsent(label, l -> new Dim.Symbol(l, ph, axis))));
            }
        }
        return Value.dynamic(ph, type, known);
    }

    private static List<Value> map(NodeProto n, Map<String, Value> values, int opset, Materializer mat, String source)
            throws OnnxImportException {
        List<Value> ins = new ArrayList<>();
        for (String name : n.getInputList()) {
            ins.add(name.isEmpty() ? null : values.get(name));
        }
        OpMapper mapper = OpRegistry.get(n.getOpType());
        try {
            boolean constant = !ins.isEmpty() && ins.stream().allMatch(v -> v == null || v.isConstant());
            return constant ? fold(n, ins, opset, mapper) : mapper.map(new NodeContext(n, ins, opset, mat));
        } catch (RuntimeException e) {
            String why = e instanceof NodeException || e instanceof IllegalArgumentException ? e.getMessage() : e.toString();
            throw new OnnxImportException(source, "node '" + GraphCheck.nodeName(n) + "' (" + n.getOpType() + "): " + why, e);
        }
    }

    /** Evaluates a node whose inputs are all constant, in a scratch graph, once. */
    private static List<Value> fold(NodeProto n, List<Value> ins, int opset, OpMapper mapper) {
        SameDiff scratch = SameDiff.create();
        List<Value> outs = mapper.map(new NodeContext(n, ins, opset, new Materializer(scratch)));
        List<Value> folded = new ArrayList<>();
        for (Value v : outs) {
            if (v.isDynamic()) {
                INDArray a = scratch.output(new HashMap<>(), v.variable().name()).get(v.variable().name());
                folded.add(Value.constant(a.dup()));
            } else {
                folded.add(v);
            }
        }
        return folded;
    }

    private static void bind(NodeProto n, Map<String, Value> values, Materializer mat, List<Value> outs, String source)
            throws OnnxImportException {
        for (int i = 0; i < n.getOutputCount(); i++) {
            String name = n.getOutput(i);
            if (name.isEmpty()) {
                continue;
            }
            if (i >= outs.size()) {
                throw new OnnxImportException(source, "node '" + GraphCheck.nodeName(n) + "' (" + n.getOpType()
                        + "): output #" + i + " ('" + name + "') is not supported");
            }
            values.put(name, outs.get(i));
            mat.label(outs.get(i), name);
        }
    }
}
