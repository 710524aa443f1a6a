package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input under both policies: {@code FAIL} throws a {@link BadInputException} that
 * names the file and says why; {@code SKIP} loads everything else, counts the bad input once and
 * lists it. Each run must also terminate (symlink loops included).
 */
class BadInputTest {
    private static final int GOOD = 6;
    /** Guards against a walk that never ends (symlink loops); generous, because a loaded machine is slow. */
    private static final Duration NO_HANG = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    /** One kind of bad input: makes it inside {@code root} and returns the path the error must name. */
    enum Case {
        TRUNCATED_JPEG("truncated", 1) {
            @Override
            Path make(Path root, Path outside) {
                return TestImages.truncate(TestImages.jpeg(root.resolve("a/cut.jpg"), 64, 48, 7), 0.6);
            }
        },
        TRUNCATED_PNG("cannot decode as PNG", 1) {
            @Override
            Path make(Path root, Path outside) {
                return TestImages.truncate(TestImages.png(root.resolve("a/cut.png"), 64, 48, 7), 0.5);
            }
        },
        NOT_AN_IMAGE("not an image", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                return Files.writeString(root.resolve("b/notes.jpg"), "this is text, not a JPEG");
            }
        },
        ZERO_BYTES("empty file", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                return Files.write(root.resolve("a/zero.png"), new byte[0]);
            }
        },
        EMPTY_CLASS("empty class folder", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                Files.writeString(Files.createDirectories(root.resolve("c_empty")).resolve("labels.txt"), "no images");
                return root.resolve("c_empty");
            }
        },
        UNREADABLE("unreadable", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                Path f = TestImages.png(root.resolve("a/secret.png"), 16, 16, 3);
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
                assumeTrue(!Files.isReadable(f), "running as root: a mode-000 file is still readable");
                return f;
            }
        },
        SYMLINK_LOOP("symlink loop", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                return Files.createSymbolicLink(root.resolve("a/again"), Path.of(".."));
            }
        },
        FILE_LINK_LOOP("symlink loop", 2) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                Files.createSymbolicLink(root.resolve("b/l2.png"), Path.of("l1.png"));
                return Files.createSymbolicLink(root.resolve("b/l1.png"), Path.of("l2.png"));
            }
        },
        FILE_LINK_LEAVES_ROOT("leaves the dataset root", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                Path target = TestImages.png(outside.resolve("elsewhere.png"), 16, 16, 4);
                return Files.createSymbolicLink(root.resolve("b/linked.png"), target);
            }
        },
        FOLDER_LINK_LEAVES_ROOT("leaves the dataset root", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                TestImages.png(outside.resolve("cls/x.png"), 16, 16, 5);
                return Files.createSymbolicLink(root.resolve("c_linked"), outside.resolve("cls"));
            }
        },
        BROKEN_LINK("broken link", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException {
                return Files.createSymbolicLink(root.resolve("a/gone.png"), root.resolve("a/never-existed.png"));
            }
        },
        SPECIAL_FILE("not a regular file", 1) {
            @Override
            Path make(Path root, Path outside) throws IOException, InterruptedException {
                Path fifo = root.resolve("b/pipe.png");
                Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
                assumeTrue(p.waitFor() == 0, "mkfifo is not available");
                return fifo;
            }
        };

        final String reason;
        final int badCount;

        Case(String reason, int badCount) {
            this.reason = reason;
            this.badCount = badCount;
        }

        abstract Path make(Path root, Path outside) throws IOException, InterruptedException;
    }

    static Stream<Arguments> cases() {
        return Stream.of(Case.values()).flatMap(c -> Stream.of(BadInputPolicy.values()).map(p -> Arguments.of(c, p)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cases")
    void badInputIsHandledByPolicy(Case c, BadInputPolicy policy) throws Exception {
        Path root = TestImages.tree(tmp.resolve("data"), GOOD / 2, "a", "b");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path bad = c.make(root, outside);
        if (policy == BadInputPolicy.FAIL) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> assertTimeoutPreemptively(NO_HANG, () -> loadAll(root, policy)));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
            assertTrue(e.getMessage().contains(c.reason), e.getMessage());
            assertTrue(e.file().getFileName().equals(bad.getFileName()) || c.badCount > 1, e.file() + " vs " + bad);
        } else {
            ImageFolder folder = ImageFolder.scan(root, policy);
            List<Path> loaded = assertTimeoutPreemptively(NO_HANG, () -> loadAll(folder));
            assertEquals(GOOD, loaded.size(), "good images loaded: " + loaded);
            assertEquals(c.badCount, folder.badInputs().count(), folder.badInputs().entries().toString());
            assertTrue(folder.badInputs().entries().stream().anyMatch(e -> e.file().equals(bad)
                    && e.getMessage().contains(c.reason)), folder.badInputs().entries().toString());
            loadAll(folder);   // a second epoch: logged and counted once per file
            assertEquals(c.badCount, folder.badInputs().count());
        }
    }

    @ParameterizedTest(name = "empty class keeps its index under {0}")
    @MethodSource("org.ditjava.data.BadInputTest#skipOnly")
    void skippedEmptyClassKeepsItsIndex(BadInputPolicy policy) throws IOException {
        Path root = TestImages.tree(tmp.resolve("data"), 1, "a", "c");
        Files.createDirectories(root.resolve("b"));
        ImageFolder folder = ImageFolder.scan(root, policy);
        assertEquals(List.of("a", "b", "c"), folder.classes());
        assertEquals(List.of(0, 2), folder.samples().stream().map(Sample::label).toList());
    }

    static Stream<BadInputPolicy> skipOnly() {
        return Stream.of(BadInputPolicy.SKIP);
    }

    private static List<Path> loadAll(Path root, BadInputPolicy policy) {
        return loadAll(ImageFolder.scan(root, policy));
    }

    private static List<Path> loadAll(ImageFolder folder) {
        List<Path> files = new ArrayList<>();
        LoaderConfig config = LoaderConfig.inOrder(16, 4).withThreads(2);
        try (ImageLoader loader = ImageLoader.open(folder, config)) {
            while (loader.hasNext()) {
                ImageBatch b = loader.next();
                files.addAll(b.files());
                assertEquals(List.of((long) b.size(), 3L, 16L, 16L), List.of(b.images().shape()[0], b.images().shape()[1],
                        b.images().shape()[2], b.images().shape()[3]));
            }
        }
        return files;
    }
}
