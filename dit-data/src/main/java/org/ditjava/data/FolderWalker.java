package org.ditjava.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the image files of one class folder in torchvision's order: {@code sorted(os.walk(class_dir,
 * followlinks=True))} (directories by path, then files by name, both in code-point order), keeping
 * names with an image extension. Unlike {@code os.walk} (and DataVec's {@code FileSplit}) it keeps
 * the real paths of the folders it is inside, so a link back to one of them ends as a reported
 * symlink loop instead of recursing until the path is too long; and it rejects every link whose
 * target lies outside the dataset root.
 *
 * <p>Problems visible from metadata alone are reported here through the {@link BadInputLog}: broken
 * links, links that loop or leave the root, unreadable folders and files, special files, zero-byte
 * files, class folders without a single image name. Contents are checked later by the decoder.
 */
final class FolderWalker {
    private final Path rootReal;
    private final BadInputLog log;

    FolderWalker(Path rootReal, BadInputLog log) {
        this.rootReal = rootReal;
        this.log = log;
    }

    private record Listing(String relativeDir, Path dir, List<String> files) {
    }

    /** Appends the usable images of {@code classDir} to {@code out} with {@code label}. */
    void collect(Path classDir, int label, List<Sample> out) {
        List<Listing> listings = new ArrayList<>();
        Set<Path> ancestors = new HashSet<>();
        ancestors.add(rootReal);   // a link back to the root is a loop too
        walk(classDir, "", ancestors, listings);
        listings.sort((a, b) -> PythonOrder.compare(a.relativeDir, b.relativeDir));
        int candidates = 0;
        for (Listing listing : listings) {
            listing.files.sort(PythonOrder.CODE_POINTS);
            for (String name : listing.files) {
                if (!ImageExtensions.isImage(name)) {
                    continue;
                }
                candidates++;
                Path file = listing.dir.resolve(name);
                if (usable(file)) {
                    out.add(new Sample(file, label));
                }
            }
        }
        if (candidates == 0 && listings.size() > 0) {
            log.reject(new BadInputException(classDir, "empty class folder: no file with an image extension "
                    + ImageExtensions.TORCHVISION));
        }
    }

    private void walk(Path dir, String rel, Set<Path> ancestors, List<Listing> out) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            log.reject(new BadInputException(dir, "cannot resolve folder: " + reason(e), e));
            return;
        }
        if (!real.startsWith(rootReal)) {
            log.reject(new BadInputException(dir, "link leaves the dataset root: resolves to " + real));
            return;
        }
        if (!ancestors.add(real)) {
            log.reject(new BadInputException(dir, "symlink loop: resolves to " + real + ", a folder that contains it"));
            return;
        }
        List<String> files = new ArrayList<>();
        List<String> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                (Files.isDirectory(entry) ? subdirs : files).add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            log.reject(new BadInputException(dir, "unreadable folder: " + reason(e), e));
            ancestors.remove(real);
            return;
        }
        out.add(new Listing(rel, dir, files));
        for (String sub : subdirs) {
            walk(dir.resolve(sub), rel.isEmpty() ? sub : rel + "/" + sub, ancestors, out);
        }
        ancestors.remove(real);
    }

    /** Metadata checks of one listed image file; rejects it through the log when it fails one. */
    private boolean usable(Path file) {
        String problem = problem(file);
        if (problem == null) {
            return true;
        }
        log.reject(new BadInputException(file, problem));
        return false;
    }

    private String problem(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "broken link: " + linkTarget(file) + " does not exist";
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().contains("symbolic links")
                    ? "symlink loop: " + e.getReason() : "cannot read attributes: " + reason(e);
        } catch (IOException e) {
            return "cannot read attributes: " + reason(e);
        }
        if (Files.isSymbolicLink(file)) {
            try {
                Path real = file.toRealPath();
                if (!real.startsWith(rootReal)) {
                    return "link leaves the dataset root: resolves to " + real;
                }
            } catch (IOException e) {
                return "cannot resolve link: " + reason(e);
            }
        }
        if (!attrs.isRegularFile()) {
            return "not a regular file";
        }
        if (attrs.size() == 0) {
            return "empty file (0 bytes)";
        }
        if (!Files.isReadable(file)) {
            return "unreadable: permission denied";
        }
        return null;
    }

    private static String linkTarget(Path file) {
        try {
            return Files.readSymbolicLink(file).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "its target";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
