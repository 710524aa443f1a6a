package org.ditjava.onnx;

import java.util.List;

/**
 * The graph uses an operator the mapping does not know. Raised before anything is built or run;
 * the message names the op type, the node, every other unsupported node, and the supported ops.
 */
public final class UnsupportedOpException extends OnnxImportException {
    private static final long serialVersionUID = 1L;

    private final String opType;
    private final String nodeName;
    private final List<String> supported;

    UnsupportedOpException(String source, String opType, String nodeName, List<String> others, List<String> supported) {
        super(source, "unsupported ONNX op " + opType + " in node '" + nodeName + "'"
                + (others.isEmpty() ? "" : " (also: " + String.join(", ", others) + ")")
                + ". Supported ops: " + String.join(", ", supported));
        this.opType = opType;
        this.nodeName = nodeName;
        this.supported = List.copyOf(supported);
    }

    /** The first unsupported op type (domain-qualified when not the default domain). */
    public String opType() {
        return opType;
    }

    /** The name of the first node using it. */
    public String nodeName() {
        return nodeName;
    }

    /** The op types the mapping supports. */
    public List<String> supported() {
        return supported;
    }
}
