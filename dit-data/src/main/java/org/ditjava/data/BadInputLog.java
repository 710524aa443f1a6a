package org.ditjava.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link BadInputPolicy} in one place: under {@code FAIL} a rejected input is thrown;
 * under {@code SKIP} it is logged once per file (a second rejection of the same file, e.g. in the
 * next epoch, is neither logged nor counted again) and kept for the final report. Thread-safe.
 */
public final class BadInputLog {
    private static final Logger LOG = LoggerFactory.getLogger(BadInputLog.class);

    private final BadInputPolicy policy;
    private final Map<Path, String> rejected = new ConcurrentHashMap<>();

    public BadInputLog(BadInputPolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** The policy applied. */
    public BadInputPolicy policy() {
        return policy;
    }

    /** Throws {@code bad} under {@code FAIL}; records and logs it (once per file) under {@code SKIP}. */
    public void reject(BadInputException bad) {
        if (policy == BadInputPolicy.FAIL) {
            throw bad;
        }
        if (rejected.putIfAbsent(bad.file(), bad.reason()) == null) {
            LOG.warn("skipping {}", bad.getMessage());
        }
    }

    /** How many distinct files or folders were skipped. */
    public int count() {
        return rejected.size();
    }

    /** The skipped inputs, sorted by path. */
    public List<BadInputException> entries() {
        List<BadInputException> out = new ArrayList<>();
        rejected.forEach((file, reason) -> out.add(new BadInputException(file, reason)));
        out.sort(Comparator.comparing(e -> e.file().toString()));
        return out;
    }

    /** One line for the end of a run: how many inputs were skipped. */
    public String summary() {
        return count() == 0 ? "no bad inputs" : count() + " bad input(s) skipped";
    }
}
