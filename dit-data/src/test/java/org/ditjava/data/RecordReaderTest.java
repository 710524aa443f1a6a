package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.records.Record;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.api.writable.batch.NDArrayRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The DataVec face: InputSplit + RecordReader. */
class RecordReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsRecordsAndBatchesWithLabelsAndResumes() throws Exception {
        Path root = TestImages.tree(tmp.resolve("d"), 3, "x", "y");
        ImageFolderSplit split = ImageFolderSplit.of(root, BadInputPolicy.FAIL);
        assertEquals(6, split.length());
        assertEquals(6, split.locations().length);
        LoaderConfig config = new LoaderConfig(8, 4, 3, true, true, true, 2, 4);
        try (ImageFolderRecordReader reader = new ImageFolderRecordReader(config)) {
            reader.initialize(split);
            assertEquals(List.of("x", "y"), reader.getLabels());
            assertTrue(reader.batchesSupported());
            List<Writable> one = reader.next();
            INDArray x = ((NDArrayWritable) one.get(0)).get();
            assertArrayEquals(new long[] {1, 3, 8, 8}, x.shape());
            assertTrue(one.get(1) instanceof IntWritable);
            Cursor afterOne = reader.cursor();
            NDArrayRecordBatch batch = (NDArrayRecordBatch) reader.next(4);
            assertArrayEquals(new long[] {4, 3, 8, 8}, batch.getArrays().get(0).shape());
            assertArrayEquals(new long[] {4, 1}, batch.getArrays().get(1).shape());
            INDArray last = ((NDArrayWritable) reader.next().get(0)).get();
            assertFalse(reader.hasNext(), "6 records, dropLast ignored");
            assertThrows(java.util.NoSuchElementException.class, reader::next);

            reader.seek(afterOne);
            reader.next(4);
            assertEquals(last, ((NDArrayWritable) reader.next().get(0)).get(), "resumed at the saved cursor");

            reader.reset();
            assertEquals(1, reader.cursor().epoch());
            int n = 0;
            while (reader.hasNext()) {
                reader.next();
                n++;
            }
            assertEquals(6, n);
        }
    }

    @Test
    void metadataAndStreamsDecodeWithoutFlip() throws Exception {
        Path root = TestImages.tree(tmp.resolve("d"), 2, "x", "y");
        ImageFolderSplit split = ImageFolderSplit.of(root, BadInputPolicy.FAIL);
        LoaderConfig config = new LoaderConfig(8, 2, 1, false, false, false, 1, 2);
        try (ImageFolderRecordReader reader = new ImageFolderRecordReader(config)) {
            reader.initialize(split);
            List<Record> records = new ArrayList<>();
            while (reader.hasNext()) {
                records.add(reader.nextRecord());
            }
            Record third = records.get(2);
            assertEquals(1, third.getRecord().get(1).toInt(), "third file is in class y");
            Record again = reader.loadFromMetaData(third.getMetaData());
            assertEquals(third.getRecord(), again.getRecord());
            Path file = Path.of(third.getMetaData().getURI());
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                assertEquals(third.getRecord(), reader.record(file.toUri(), in));
            }
        }
    }

    @Test
    void otherSplitsAreRefusedWithAReason() {
        try (ImageFolderRecordReader reader = new ImageFolderRecordReader(LoaderConfig.inOrder(8, 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> reader.initialize(new FileSplit(tmp.toFile())));
            assertTrue(e.getMessage().contains("ImageFolderSplit"), e.getMessage());
        }
    }
}
