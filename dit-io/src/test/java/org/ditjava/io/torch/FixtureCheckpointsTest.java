package org.ditjava.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.ditjava.io.DType;
import org.ditjava.io.TensorSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every checkpoint form of the pretrained fixtures (written by torch itself): the zip state dict,
 * the legacy state dict, the float16 state dict, the {@code train.py} checkpoint and pytorch-fid's
 * Inception weights. The forms are checked against each other: the legacy file and the train
 * checkpoint's {@code model} hold the same tensors as the state dict, the float16 file the same
 * values rounded to float16. Forward-pass parity with these weights is tested in dit-model.
 */
class FixtureCheckpointsTest {

    @Test
    void zipStateDictReadsEveryTensorWithItsShape() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Fixtures.pretrained("dit_state_dict.pt"))) {
            assertEquals(TorchCheckpoint.Format.ZIP, ckpt.format());
            assertTrue(ckpt.contains("x_embedder.proj.weight") && ckpt.contains("pos_embed"), ckpt.names().toString());
            for (String name : ckpt.names()) {
                INDArray a = ckpt.read(name);
                assertEquals(DataType.FLOAT, a.dataType(), name);
                assertEquals(ckpt.info(name).numElements(), a.length(), name);
                assertArrayEquals(ckpt.tensor(name).shape(), a.shape(), name);
                assertEquals(TorchDType.FLOAT32, ckpt.storedType(name));
            }
        }
    }

    @Test
    void legacyFormatHoldsTheSameTensorsAsTheZipFormat() throws IOException {
        try (TorchCheckpoint zip = TorchCheckpoint.open(Fixtures.pretrained("dit_state_dict.pt"));
             TorchCheckpoint legacy = TorchCheckpoint.open(Fixtures.pretrained("dit_legacy.pt"))) {
            assertEquals(TorchCheckpoint.Format.LEGACY, legacy.format());
            assertSameTensors(zip, legacy);
        }
    }

    @Test
    void trainCheckpointHasModelEmaOptAndInertArgs() throws IOException {
        try (TorchCheckpoint state = TorchCheckpoint.open(Fixtures.pretrained("dit_state_dict.pt"));
             TorchCheckpoint train = TorchCheckpoint.open(Fixtures.pretrained("dit_train_ckpt.pt"))) {
            assertTrue(train.sections().containsAll(List.of("model", "ema")), train.sections().toString());
            assertSameTensors(state, train.section("model"));
            TensorSource ema = train.section("ema");
            assertEquals(state.names(), ema.names());
            boolean anyDiffers = false;
            for (String name : state.names()) {
                anyDiffers |= !state.read(name).equals(ema.read(name));
            }
            assertTrue(anyDiffers, "ema weights differ from model weights");
            PyObject args = assertInstanceOf(PyObject.class, train.value("args").orElseThrow());
            assertEquals("argparse.Namespace", args.className());
            long classes = state.info("y_embedder.embedding_table.weight").shape()[0];
            Object numClasses = args.attributes().get("num_classes");
            assertInstanceOf(Long.class, numClasses);
            assertTrue((Long) numClasses == classes || (Long) numClasses == classes - 1,
                    "args.num_classes " + numClasses + " vs table rows " + classes);
        }
    }

    @Test
    void float16StateDictIsWidenedToFloat32() throws IOException {
        try (TorchCheckpoint f32 = TorchCheckpoint.open(Fixtures.pretrained("dit_state_dict.pt"));
             TorchCheckpoint f16 = TorchCheckpoint.open(Fixtures.pretrained("dit_state_dict_fp16.pt"))) {
            assertEquals(f32.names(), f16.names());
            for (String name : f16.names()) {
                assertEquals(TorchDType.FLOAT16, f16.storedType(name));
                assertEquals(DType.FLOAT32, f16.info(name).dtype());
                float[] wide = f32.read(name).data().asFloat();
                float[] half = f16.read(name).data().asFloat();
                for (int i = 0; i < wide.length; i++) {
                    float bound = Math.abs(wide[i]) * 0x1p-11f + 0x1p-24f;   // float16 rounding
                    if (Math.abs(wide[i] - half[i]) > bound) {
                        throw new AssertionError(name + "[" + i + "]: " + wide[i] + " vs " + half[i]);
                    }
                }
            }
        }
    }

    @Test
    void inceptionPthReadsAsAStateDict() throws IOException {
        try (TorchCheckpoint pth = TorchCheckpoint.open(Fixtures.pretrained("fid_inception.pth"))) {
            assertTrue(pth.contains("fc.bias"), pth.names().toString());
            assertFalse(pth.names().stream().anyMatch(n -> n.endsWith("num_batches_tracked")));
            for (String name : pth.names()) {
                INDArray a = pth.read(name);
                assertEquals(pth.info(name).numElements(), a.length());
                if (name.endsWith("conv.weight")) {
                    assertEquals(4, a.rank(), name);
                }
            }
        }
    }

    private static void assertSameTensors(TensorSource expected, TensorSource actual) throws IOException {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            assertEquals(expected.info(name), actual.info(name), name);
            INDArray e = expected.read(name);
            INDArray a = actual.read(name);
            assertArrayEquals(e.data().asDouble(), a.data().asDouble(), name);
        }
    }
}
