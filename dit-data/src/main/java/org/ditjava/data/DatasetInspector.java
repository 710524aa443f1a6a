package org.ditjava.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@code dit data inspect}: lists a folder dataset, decodes and crops its images (all, or the first
 * {@code limit}) to find the bad ones, and writes a contact sheet of a few preprocessed images taken
 * round-robin across the classes. Bad inputs follow the folder's policy ({@code SKIP} collects them
 * all; {@code FAIL} stops at the first).
 */
public final class DatasetInspector {

    private DatasetInspector() {
    }

    /**
     * @param imageSize    crop size used for decoding checks and the sheet
     * @param limit        how many images to decode-check (in dataset order); negative for all
     * @param threads      decoding threads
     * @param sheetImages  images on the contact sheet (0 for none)
     * @param sheet        where to write the sheet (ignored when {@code sheetImages} is 0)
     * @param progress     receives the number of images checked so far
     */
    public static FolderInspection inspect(ImageFolder folder, int imageSize, long limit, int threads,
                                           int sheetImages, Path sheet, LongConsumer progress) throws IOException {
        long checked = 0;
        long decoded = 0;
        long target = limit < 0 ? folder.size() : Math.min(limit, folder.size());
        LoaderConfig config = LoaderConfig.inOrder(imageSize, 32).withThreads(threads);
        try (ImageLoader loader = ImageLoader.open(folder, config)) {
            while (decoded < target) {
                ImageBatch b = loader.next((int) Math.min(32, target - decoded));
                if (b == null) {
                    checked = folder.size();
                    break;
                }
                decoded += b.size();
                checked = b.next().position();
                progress.accept(checked);
            }
        }
        Optional<Path> written = Optional.empty();
        if (sheetImages > 0) {
            List<RgbImage> crops = sheetCrops(folder, imageSize, sheetImages);
            if (!crops.isEmpty()) {
                ContactSheet.write(crops, sheet);
                written = Optional.of(sheet);
            }
        }
        return new FolderInspection(folder.root(), folder.classes(), folder.classCounts(), decoded, checked,
                folder.badInputs().entries(), written);
    }

    /** Up to {@code n} crops, cycling through the classes in label order, skipping images that fail. */
    private static List<RgbImage> sheetCrops(ImageFolder folder, int imageSize, int n) {
        List<List<Sample>> byClass = new ArrayList<>();
        for (int i = 0; i < folder.classes().size(); i++) {
            byClass.add(new ArrayList<>());
        }
        folder.samples().forEach(s -> byClass.get(s.label()).add(s));
        List<RgbImage> crops = new ArrayList<>();
        int[] next = new int[byClass.size()];
        boolean progressed = true;
        while (crops.size() < n && progressed) {
            progressed = false;
            for (int c = 0; c < byClass.size() && crops.size() < n; c++) {
                List<Sample> list = byClass.get(c);
                while (next[c] < list.size()) {
                    Sample s = list.get(next[c]++);
                    try {
                        crops.add(AdmTransform.load(s.file(), imageSize, false));
                        progressed = true;
                        break;
                    } catch (BadInputException e) {
                        folder.badInputs().reject(e);
                    }
                }
            }
        }
        return crops;
    }
}
