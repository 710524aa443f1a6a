package org.ditjava.onnx;

/**
 * A node that cannot be mapped as it stands (an attribute value or input the mapping does not
 * handle). Thrown inside the mapping; the importer adds the file, node name and op type.
 */
final class NodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NodeException(String message) {
        super(message);
    }

    NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
