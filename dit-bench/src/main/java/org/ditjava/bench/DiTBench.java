package org.ditjava.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ditjava.model.DiTCost;
import org.ditjava.model.DiTModel;
import org.ditjava.model.PooledMemoryMgr;
import org.ditjava.model.SameDiffGradients;
import org.ditjava.model.SessionMemory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code dit bench}: times, in one process, the sgemm ceiling, the forward pass, the CFG sampling
 * step and the full training step of one DiT configuration (issue 8). FLOPs come from the model's
 * own count ({@link DiTCost}): 2 per multiply-accumulate; a training step counts 3× the forward
 * (forward, and the two products of the backward pass); a sampling step runs the forward on 2N rows.
 * Phases run in the order forward, sample, train so that the training graph (the largest memory
 * user) is built last.
 */
public final class DiTBench {
    private DiTBench() {
    }

    /** Runs {@code spec} and returns the report. */
    public static BenchReport run(BenchSpec spec) {
        BenchThreads.apply(spec.threads());
        Map<String, Object> env = Environment.capture();
        Stopwatch watch = new Stopwatch(Math.max(1, spec.warmup()), spec.reps());
        PhaseResult ceiling = SgemmCeiling.measure(watch);
        Stopwatch phaseWatch = new Stopwatch(spec.warmup(), spec.reps());
        long macs = DiTCost.of(spec.model()).macs();
        double fwdFlops = 2.0 * macs * spec.batch();
        DiTModel model = DiTModel.initialized(spec.model(), spec.seed(), DataType.FLOAT);
        BenchInputs in = BenchInputs.of(spec.model(), spec.batch(), spec.seed());
        List<PhaseResult> phases = new ArrayList<>();
        List<OpProfiler.PhaseProfile> profiles = new ArrayList<>();
        SameDiff sd = model.graph().sd();
        if (spec.phases().contains(BenchSpec.Phase.FORWARD)) {
            Runnable forward = () -> model.forward(in.x(), in.t(), in.labels());
            phases.add(phaseWatch.measure(BenchSpec.Phase.FORWARD.key(), spec.batch(), fwdFlops, forward));
            profileIf(spec, BenchSpec.Phase.FORWARD, sd, forward, profiles);
        }
        if (spec.phases().contains(BenchSpec.Phase.SAMPLE)) {
            SamplingWorkload sampling = new SamplingWorkload(model, in, spec.sampleSteps(), spec.cfgScale(), spec.seed());
            phases.add(phaseWatch.measure(BenchSpec.Phase.SAMPLE.key(), spec.batch(), 2 * fwdFlops, sampling));
            profileIf(spec, BenchSpec.Phase.SAMPLE, sd, sampling, profiles);
        }
        if (spec.phases().contains(BenchSpec.Phase.TRAIN)) {
            // the inference session's pool of released buffers is not the training step's memory: free it
            SessionMemory.install(sd, new PooledMemoryMgr(DiTModel.FORWARD_POOL_BYTES));
            TrainWorkload train = new TrainWorkload(model, in, spec.seed());
            phases.add(phaseWatch.measure(BenchSpec.Phase.TRAIN.key(), spec.batch(), 3 * fwdFlops, train));
            profileIf(spec, BenchSpec.Phase.TRAIN, sd.getFunction(SameDiffGradients.GRAD_FUNCTION), train, profiles);
        }
        env = new java.util.LinkedHashMap<>(env);
        env.put("load_after", Environment.loadAverage());
        env.put("javacpp_physical_bytes", PeakRss.javacppPhysicalBytes());
        env.put("process_peak_rss_bytes", PeakRss.peakBytes());
        return new BenchReport(spec, env, macs, ceiling, phases, profiles);
    }

    /** One more, untimed iteration under an {@link OpProfiler} attached to the graph that runs the ops. */
    private static void profileIf(BenchSpec spec, BenchSpec.Phase phase, SameDiff runs, Runnable work,
            List<OpProfiler.PhaseProfile> out) {
        if (spec.profile()) {
            OpProfiler p = new OpProfiler();
            p.measure(runs, work);
            out.add(p.snapshot(phase.key()));
        }
    }
}
