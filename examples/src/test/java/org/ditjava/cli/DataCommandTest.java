package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.ExtractionConfig;
import org.ditjava.data.ExtractionProgress;
import org.ditjava.data.IdentityEncoder;
import org.ditjava.data.ImageFolder;
import org.ditjava.data.LatentExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit data inspect} and {@code dit data extract-latents} on a tiny folder dataset. */
class DataCommandTest {

    @TempDir
    Path tmp;

    private Path dataset() throws IOException {
        Path root = TestData.imageFolder(tmp.resolve("data"), new String[] {"bird", "ant"}, 3, 40, 30);
        Files.writeString(root.resolve("ant/broken.jpg"), "not a jpeg");
        return root;
    }

    @Test
    void inspectListsClassesCountsBadFilesAndWritesASheet() throws IOException {
        Path root = dataset();
        Path sheet = tmp.resolve("sheet.png");
        CliRun r = CliRun.of("data", "inspect", root.toString(), "--image-size", "16", "--sheet", sheet.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("classes  2"), r.out());
        assertTrue(r.out().matches("(?s).*0\\s+ant\\s+4.*1\\s+bird\\s+3.*"), r.out());
        assertTrue(r.out().contains("bad      1") && r.out().contains("broken.jpg: not an image"), r.out());
        BufferedImage png = ImageIO.read(sheet.toFile());
        assertTrue(png.getWidth() > 32 && png.getHeight() > 32, png.getWidth() + "x" + png.getHeight());
    }

    @Test
    void inspectUnderFailNamesTheBadFile() throws IOException {
        CliRun r = CliRun.of("data", "inspect", dataset().toString(), "--image-size", "16", "--policy", "fail", "--sheet-images", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("broken.jpg"), r.err());
    }

    @Test
    void extractLatentsWritesShardsAndAManifest() throws IOException {
        Path out = tmp.resolve("latents");
        CliRun r = CliRun.of("data", "extract-latents", dataset().toString(), "--out", out.toString(), "--image-size", "8",
                "--policy", "skip", "--batch-size", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")), r.out());
        assertTrue(Files.isRegularFile(out.resolve("shard-00000.npz")), r.out());
        assertTrue(r.out().contains("wrote 6 samples"), r.out());
        CliRun bad = CliRun.of("data", "extract-latents", dataset().toString(), "--out", tmp.resolve("x").toString(), "--vae", "x");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--vae is only used with --encoder sd-vae"), bad.err());
    }

    @Test
    void extractLatentsContinuesAnUnfinishedExtraction() throws IOException {
        Path root = tmp.resolve("many");
        TestData.imageFolder(root, new String[] {"a", "b"}, 4, 12, 10);
        Path out = tmp.resolve("latents");
        ExtractionConfig small = new ExtractionConfig(8, 2, 1, 0, 1L << 20);
        ImageFolder folder = ImageFolder.scan(root, BadInputPolicy.FAIL);
        assertThrows(IllegalStateException.class, () -> LatentExtractor.extract(folder, new IdentityEncoder(), out, small, n -> {
            if (n >= 4) {
                throw new IllegalStateException("killed");      // a crash after two batches
            }
        }));
        CliRun other = CliRun.of("data", "extract-latents", root.toString(), "--out", out.toString(), "--image-size", "8",
                "--batch-size", "2", "--seed", "3", "--shard-mb", "1");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("seed 0 then, 3 now"), other.err());
        CliRun r = CliRun.of("data", "extract-latents", root.toString(), "--out", out.toString(), "--image-size", "8",
                "--batch-size", "2", "--threads", "1", "--seed", "0", "--shard-mb", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("continuing the unfinished extraction") && r.out().contains("wrote 8 samples"), r.out());
        assertTrue(Files.notExists(out.resolve(ExtractionProgress.FILE_NAME)), "the progress record goes once the manifest is written");
    }

    @Test
    void dataHelpListsTheSubcommands() {
        CliRun r = CliRun.of("data", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("inspect") && r.out().contains("extract-latents"), r.out());
    }
}
