package org.ditjava.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The allowed range of every numeric flag, checked for the command about to run before it does any
 * work (a thread count of 0 must not reach ND4J). One message form for all:
 * {@code --threads: 0 is not allowed (allowed: 1 or more)}, a usage error (exit 2). Non-finite
 * numbers ({@code NaN}, {@code Infinity}) are refused for every decimal flag.
 */
final class FlagRanges {
    /** A closed range; {@code open*} makes that end exclusive. */
    private record Range(double min, boolean openMin, double max, String allowed) {
        boolean contains(double v) {
            return (openMin ? v > min : v >= min) && v <= max;
        }
    }

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Range ONE_UP = new Range(1, false, INF, "1 or more");
    private static final Range ZERO_UP = new Range(0, false, INF, "0 or more");
    private static final Range POSITIVE = new Range(0, true, INF, "a number above 0");
    private static final Range ANY = new Range(-INF, false, INF, "a finite number");

    /** By flag; "command --flag" entries override for one command. */
    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--threads", ONE_UP),
            Map.entry("train --threads", new Range(0, false, INF, "0 (ND4J's default) or more")),
            Map.entry("bench --threads", new Range(0, false, INF, "0 (one per core) or more")),
            Map.entry("--batch-size", ONE_UP),
            Map.entry("eval --batch-size", new Range(0, false, INF, "0 (the network's default) or more")),
            Map.entry("--batch", ONE_UP),
            Map.entry("--image-size", ONE_UP),
            Map.entry("--per-class", ONE_UP),
            Map.entry("--steps", ONE_UP),
            Map.entry("train --steps", new Range(0, false, INF, "0 (no step budget) or more")),
            Map.entry("--eta", ZERO_UP),
            Map.entry("--cfg-scale", ANY),
            Map.entry("--grid-max", ONE_UP),
            Map.entry("--warmup", ZERO_UP),
            Map.entry("--reps", ONE_UP),
            Map.entry("--sample-steps", ONE_UP),
            Map.entry("--split-size", ONE_UP),
            Map.entry("--k", ONE_UP),
            Map.entry("--pr-batch", ONE_UP),
            Map.entry("--gflops", POSITIVE),
            Map.entry("--scale", POSITIVE),
            Map.entry("--shard-mb", ONE_UP),
            Map.entry("--limit", new Range(-1, false, INF, "-1 (all), 0 (listing only) or more")),
            Map.entry("--sheet-images", ZERO_UP),
            Map.entry("--depth", ONE_UP),
            Map.entry("--hidden", ONE_UP),
            Map.entry("--patch", ONE_UP),
            Map.entry("--heads", ONE_UP),
            Map.entry("--accum", ONE_UP),
            Map.entry("--lr", POSITIVE),
            Map.entry("--ema-decay", new Range(0, false, 1, "0 to 1")),
            Map.entry("--minutes", new Range(0, false, INF, "0 (no time budget) or more")),
            Map.entry("--log-every", ONE_UP),
            Map.entry("--ckpt-every", ONE_UP),
            Map.entry("--keep", ONE_UP),
            Map.entry("--sample-every", new Range(0, false, INF, "0 (only at the end) or more")));

    private FlagRanges() {
    }

    /** Checks every numeric flag of {@code spec} (given or defaulted) against its range. */
    static void check(CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            Object v = o.getValue();
            if (!(v instanceof Number n)) {
                continue;
            }
            String flag = o.longestName();
            double d = n.doubleValue();
            Range r = RANGES.getOrDefault(spec.name() + " " + flag, RANGES.get(flag));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ParameterException(spec.commandLine(), message(flag, v, r == null ? ANY.allowed() : r.allowed()));
            }
            if (r != null && !r.contains(d)) {
                throw new ParameterException(spec.commandLine(), message(flag, v, r.allowed()));
            }
        }
    }

    /** The one form of a bad flag value: what, which value, what is allowed. */
    static String message(String flag, Object value, String allowed) {
        return String.format(Locale.ROOT, "%s: %s is not allowed (allowed: %s)", flag, value, allowed);
    }
}
