package org.ditjava.io.torch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes checkpoints laid out as {@code torch.save} lays them out (zip and legacy), holding a state
 * dict of tensors over given storages, so tests can cover offsets, strides, shared storages, dtypes
 * and sizes the fixtures do not have. Storage bytes come from a callback and are streamed.
 */
final class CheckpointWriter {
    private CheckpointWriter() {
    }

    /** Writes a storage's raw little-endian bytes. */
    @FunctionalInterface
    interface Bytes {
        void writeTo(OutputStream out) throws IOException;
    }

    record Storage(String key, TorchDType dtype, long numel, Bytes bytes) {
    }

    record Tensor(String name, Storage storage, long offset, long[] shape, long[] stride) {
    }

    /** The pickle of {@code OrderedDict(name → _rebuild_tensor_v2(...))}; the legacy id has a sixth (view) element. */
    static byte[] statePickle(List<Tensor> tensors, boolean legacy) {
        PickleWriter p = new PickleWriter().proto().global("collections", "OrderedDict").emptyTuple().reduce().mark();
        for (Tensor t : tensors) {
            p.str(t.name()).global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark().str("storage").global("torch", t.storage().dtype().storageClass()).str(t.storage().key())
                    .str("cpu").integer(t.storage().numel());
            if (legacy) {
                p.none();
            }
            p.tuple().binpersid();
            p.integer(t.offset()).ints(t.shape()).ints(t.stride()).falseValue()
                    .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
        }
        return p.setItems().stop().bytes();
    }

    static void writeZip(Path file, List<Tensor> tensors) throws IOException {
        writeZip(file, statePickle(tensors, false), tensors);
    }

    /** A stored zip: {@code archive/data.pkl}, {@code archive/data/<key>} per storage, {@code archive/version}. */
    static void writeZip(Path file, byte[] pickle, List<Tensor> tensors) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setMethod(ZipArchiveOutputStream.STORED);
            entry(zip, "archive/data.pkl", out -> out.write(pickle));
            for (Storage s : storages(tensors)) {
                entry(zip, "archive/data/" + s.key(), s.bytes());
            }
            entry(zip, "archive/version", out -> out.write("3\n".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** The legacy stream: magic, protocol 1001, sys info, the state dict, the key list, then each storage. */
    static void writeLegacy(Path file, List<Tensor> tensors) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new PickleWriter().proto().bigInteger(CheckpointFormats.LEGACY_MAGIC).stop().bytes());
            out.write(new PickleWriter().proto().integer(CheckpointFormats.LEGACY_PROTOCOL).stop().bytes());
            out.write(new PickleWriter().proto().emptyDict().str("little_endian").trueValue().setItem().stop().bytes());
            out.write(statePickle(tensors, true));
            PickleWriter keys = new PickleWriter().proto().emptyList().mark();
            List<Storage> storages = storages(tensors);
            storages.forEach(s -> keys.str(s.key()));
            out.write(keys.appends().stop().bytes());
            for (Storage s : storages) {
                out.write(PickleWriter.le(s.numel(), 8));
                s.bytes().writeTo(out);
            }
        }
    }

    private static List<Storage> storages(List<Tensor> tensors) {
        return tensors.stream().map(Tensor::storage).distinct().toList();
    }

    private static void entry(ZipArchiveOutputStream zip, String name, Bytes bytes) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        bytes.writeTo(zip);
        zip.closeArchiveEntry();
    }
}
