package org.ditjava.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A SameDiff listener that adds up the wall time of every executed op by op type ({@code matmul},
 * {@code permute}, {@code add_bp}, …): the profile that shows where a graph's time goes. The time of
 * one op is measured from {@code preOpExecution} to {@code opExecution}, so it includes SameDiff's
 * own per-op overhead (output allocation, shape calculation) but not the scheduling between ops;
 * {@link #unattributedNanos} is the rest of the enclosing {@link #measure} call.
 */
public final class OpProfiler extends BaseListener {
    private final Map<String, long[]> byType = new HashMap<>();
    private long opStart;
    private long totalNanos;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        opStart = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
            INDArray[] outputs) {
        long spent = System.nanoTime() - opStart;
        long[] entry = byType.computeIfAbsent(key(op, opContext), k -> new long[2]);
        entry[0] += spent;
        entry[1]++;
    }

    /** The op type; matrix products are split by rank ({@code matmul[4d]} is batched attention). */
    private static String key(SameDiffOp op, OpContext ctx) {
        String name = op.getOp().opName();
        if (name.startsWith("matmul") && ctx != null && !ctx.getInputArrays().isEmpty()) {
            return name + "[" + ctx.getInputArrays().get(0).rank() + "d]";
        }
        return name;
    }

    /** Runs {@code work} with this listener attached to {@code sd} and adds its wall time to the total. */
    public void measure(SameDiff sd, Runnable work) {
        sd.addListeners(this);
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            totalNanos += System.nanoTime() - t0;
            sd.getListeners().remove(this);
        }
    }

    /** Wall time of the measured calls not spent inside any op. */
    public long unattributedNanos() {
        return totalNanos - byType.values().stream().mapToLong(e -> e[0]).sum();
    }

    /** Per op type: total seconds and call count, largest first. */
    public List<OpTime> table() {
        List<OpTime> rows = new ArrayList<>();
        byType.forEach((name, e) -> rows.add(new OpTime(name, e[0] / 1e9, e[1])));
        rows.sort(Comparator.comparingDouble(OpTime::seconds).reversed());
        return rows;
    }

    /** Total wall time of the measured calls, seconds. */
    public double totalSeconds() {
        return totalNanos / 1e9;
    }

    /** Time spent in one op type. */
    public record OpTime(String op, double seconds, long calls) {
    }

    /** This profile as a record for a report. */
    public PhaseProfile snapshot(String phase) {
        return new PhaseProfile(phase, totalSeconds(), unattributedNanos() / 1e9, table());
    }

    /**
     * One profiled iteration of a phase.
     *
     * @param phase        the phase's name
     * @param totalSeconds wall time of the iteration (the profiler's own overhead included)
     * @param unattributed seconds outside every op: SameDiff's scheduling, host-side work (Adam, EMA, sampler)
     * @param ops          per op type, largest first
     */
    public record PhaseProfile(String phase, double totalSeconds, double unattributed, List<OpTime> ops) {
        public PhaseProfile {
            ops = List.copyOf(ops);
        }

        /** As a JSON object: phase, total_s, outside_ops_s, ops [{op, seconds, calls}]. */
        public java.util.Map<String, Object> json() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("phase", phase);
            m.put("total_s", totalSeconds);
            m.put("outside_ops_s", unattributed);
            m.put("ops", ops.stream().map(o -> (Object) java.util.Map.of("op", o.op(), "seconds", o.seconds(),
                    "calls", o.calls())).toList());
            return m;
        }
    }
}
