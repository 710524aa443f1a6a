package org.ditjava.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of an output path made before any work starts, so that a mistyped output can never destroy
 * an input: the same file reached by another name (links and {@code ..} resolved), an output inside
 * a dataset folder, or an output whose folder does not exist (refused, never created silently).
 * Every failure is an {@link IllegalArgumentException} whose message names both paths; a command
 * line maps it to its flag.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Fails when writing {@code out} would overwrite {@code input}: the same file, or, when
     * {@code input} is a folder, a path inside it.
     *
     * @param out   the output about to be written (it need not exist)
     * @param input an input of the same command
     * @param what  what the input is, for the message (e.g. "the weights")
     */
    public static void requireNotInput(Path out, Path input, String what) {
        Path o = resolved(out);
        Path i = resolved(input);
        if (o.equals(i)) {
            throw new IllegalArgumentException(out + " is " + what + " " + input + " itself; writing it would destroy "
                    + "the input (choose another output path)");
        }
        if (Files.isDirectory(i) && o.startsWith(i)) {
            throw new IllegalArgumentException(out + " lies inside " + what + " " + input
                    + "; writing it would change the input (choose another output path)");
        }
    }

    /** Fails when {@code out} is the folder {@code folder} or lies inside it ({@code what}: e.g. "the dataset folder"). */
    public static void requireOutside(Path out, Path folder, String what) {
        Path o = resolved(out);
        Path f = resolved(folder);
        if (o.startsWith(f)) {
            throw new IllegalArgumentException(out + (o.equals(f) ? " is " : " lies inside ") + what + " " + folder
                    + "; outputs go elsewhere (choose a path outside it)");
        }
    }

    /** Fails unless the folder that will hold {@code out} exists (it is not created on the user's behalf). */
    public static void requireParentFolder(Path out) {
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("the folder " + parent + " of " + out.getFileName()
                    + (Files.exists(parent) ? " is not a folder" : " does not exist") + " (create it first)");
        }
    }

    /**
     * Fails unless {@code out} can be written: not a folder, and writable (an existing file) or in a
     * writable folder (a new one). Checked up front so that a long computation does not end in an
     * unwritable output.
     */
    public static void requireWritable(Path out) {
        requireParentFolder(out);
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("cannot write " + out + ": it is a folder");
        }
        boolean ok = Files.exists(out) ? Files.isWritable(out) : parent == null || Files.isWritable(parent);
        if (!ok) {
            throw new IllegalArgumentException("cannot write " + out + ": permission denied");
        }
    }

    /**
     * {@code p} with every link and {@code ..} resolved, as far as it exists: the real path of its
     * longest existing ancestor, plus the rest as written.
     */
    public static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }
}
