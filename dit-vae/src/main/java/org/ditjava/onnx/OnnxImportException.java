package org.ditjava.onnx;

import java.io.IOException;

/**
 * An ONNX file that cannot be turned into a SameDiff graph: unreadable, truncated, malformed, or
 * using what the mapping does not support. The message always starts with the file (or model) name.
 */
public class OnnxImportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public OnnxImportException(String source, String problem) {
        this(source, problem, null);
    }

    public OnnxImportException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file or model name the problem is in. */
    public String source() {
        return source;
    }
}
