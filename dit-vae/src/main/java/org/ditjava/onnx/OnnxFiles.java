package org.ditjava.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/** Reads {@code .onnx} files (protobuf {@code ModelProto}, below protobuf's 2 GB limit). */
public final class OnnxFiles {
    private OnnxFiles() {
    }

    /**
     * Parses a model; a missing, truncated or non-ONNX file fails with a message naming it.
     * Initializer bytes alias the file's bytes (no second copy).
     */
    public static ModelProto read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnnxImportException(file.toString(), "no such file", e);
        } catch (OutOfMemoryError e) {
            throw new OnnxImportException(file.toString(), "too large to read (ONNX files are limited to 2 GB)", null);
        }
        if (bytes.length == 0) {
            throw new OnnxImportException(file.toString(), "empty file, not an ONNX model");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            ModelProto model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(file.toString(), "not a readable ONNX model (truncated or corrupt file?): "
                    + e.getMessage(), e);
        }
    }
}
