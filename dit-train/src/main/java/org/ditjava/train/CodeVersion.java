package org.ditjava.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The code that wrote a checkpoint: the project version (from the build) and, when the code runs
 * from a git checkout, its commit (read from {@code .git}, no process started).
 *
 * @param version project version
 * @param dl4j    Deeplearning4j / ND4J version
 * @param backend ND4J backend artifact
 * @param commit  git commit of the checkout, or "unknown"
 */
public record CodeVersion(String version, String dl4j, String backend, String commit) {

    /** The running code's version, read once per process. */
    public static CodeVersion current() {
        return Current.VERSION;
    }

    /** Lazy holder: the properties file and {@code .git} are read on first use only. */
    private static final class Current {
        static final CodeVersion VERSION = read();
    }

    private static CodeVersion read() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/dit-train.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return new CodeVersion(p.getProperty("version", "unknown"), p.getProperty("dl4j", "unknown"),
                p.getProperty("backend", "unknown"), gitCommit());
    }

    private static String gitCommit() {
        try {
            Path here = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path git = dir.resolve(".git");
                if (Files.isDirectory(git)) {
                    return resolveHead(git);
                }
            }
        } catch (Exception e) {
            // not from a checkout
        }
        return "unknown";
    }

    private static String resolveHead(Path git) throws IOException {
        String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref: ")) {
            return head;
        }
        String ref = head.substring(5);
        Path loose = git.resolve(ref);
        if (Files.isRegularFile(loose)) {
            return Files.readString(loose, StandardCharsets.UTF_8).trim();
        }
        Path packed = git.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref)) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
        }
        return "unknown";
    }
}
