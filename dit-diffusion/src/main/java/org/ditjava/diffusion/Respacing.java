package org.ditjava.diffusion;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which timesteps of the original chain a respaced sampler keeps: {@code space_timesteps} of
 * facebookresearch/DiT {@code diffusion/respace.py} (from OpenAI guided-diffusion).
 *
 * <p>Accepted strings: {@code ""} (keep every step), comma-separated section counts such as {@code "250"} or
 * {@code "10,15,20"}, and {@code "ddimN"} (the DDIM paper's fixed integer stride). For section counts the
 * chain is split into as many equal parts as there are counts (the first {@code T % parts} parts one step
 * longer); a part of {@code size} steps asked for {@code n} keeps {@code start + round(k * stride)} with the
 * float stride {@code (size - 1) / (n - 1)} accumulated by repeated addition and rounded half to even, as
 * Python's {@code round} does. {@code "ddimN"} uses the smallest stride {@code i} in {@code [1, T)} with
 * {@code len(range(0, T, i)) == N}.
 *
 * <p>Deviations: a string that keeps fewer than two timesteps is rejected here (the reference builds such a
 * chain and fails later when indexing its empty clipped log-variance); negative counts are rejected rather
 * than silently contributing nothing. The ddim error message names the requested count (the reference's
 * message prints T by mistake).
 */
public final class Respacing {

    private static final String DDIM_PREFIX = "ddim";

    private Respacing() {
    }

    /**
     * The sorted original timesteps kept from a chain of {@code numSteps} steps.
     *
     * @throws IllegalArgumentException naming the string and the reason when it cannot be honoured
     */
    public static int[] keptTimesteps(int numSteps, String respacing) {
        Objects.requireNonNull(respacing, "respacing string must not be null (use \"\" for no respacing)");
        if (numSteps < 2) {
            throw new IllegalArgumentException("a diffusion chain needs at least 2 steps, got " + numSteps);
        }
        String spec = respacing.trim();
        int[] kept;
        if (spec.isEmpty()) {
            kept = new int[numSteps];
            Arrays.setAll(kept, i -> i);
        } else if (spec.startsWith(DDIM_PREFIX)) {
            kept = ddimStride(numSteps, respacing, parseCount(respacing, spec.substring(DDIM_PREFIX.length())));
        } else {
            kept = sections(numSteps, respacing, spec.split(",", -1));
        }
        if (kept.length < 2) {
            throw new IllegalArgumentException("respacing '" + respacing + "' keeps " + kept.length
                    + " timestep(s); a diffusion chain needs at least 2");
        }
        return kept;
    }

    private static int[] ddimStride(int numSteps, String respacing, int desired) {
        for (int stride = 1; stride < numSteps; stride++) {
            int count = (numSteps + stride - 1) / stride;   // len(range(0, numSteps, stride))
            if (count == desired) {
                int[] kept = new int[count];
                for (int k = 0; k < count; k++) {
                    kept[k] = k * stride;
                }
                return kept;
            }
        }
        throw new IllegalArgumentException("respacing '" + respacing + "': cannot create exactly " + desired
                + " steps with an integer stride from " + numSteps + " steps");
    }

    private static int[] sections(int numSteps, String respacing, String[] parts) {
        int sizePer = numSteps / parts.length;
        int extra = numSteps % parts.length;
        int start = 0;
        TreeSet<Integer> kept = new TreeSet<>();
        for (int i = 0; i < parts.length; i++) {
            int count = parseCount(respacing, parts[i]);
            int size = sizePer + (i < extra ? 1 : 0);
            if (size < count) {
                throw new IllegalArgumentException("respacing '" + respacing + "': cannot divide section " + i
                        + " of " + size + " steps into " + count);
            }
            double stride = count <= 1 ? 1.0 : (double) (size - 1) / (count - 1);
            double position = 0.0;
            for (int k = 0; k < count; k++) {
                kept.add(start + (int) Math.rint(position));   // rint = round half to even, like Python's round
                position += stride;
            }
            start += size;
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int parseCount(String respacing, String text) {
        int count;
        try {
            count = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("respacing '" + respacing + "': '" + text
                    + "' is not a step count (expected \"\", \"N\", \"N1,N2,...\" or \"ddimN\")", e);
        }
        if (count < 0) {
            throw new IllegalArgumentException("respacing '" + respacing + "': step count " + count + " is negative");
        }
        return count;
    }
}
