package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.ditjava.data.Cursor;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DiT's training loop (facebookresearch/DiT train.py) on one machine, with what train.py lacks:
 * exact resumption, time budgets, guards and feedback. Per step: {@link TrainStep}; every
 * {@code logEvery} steps a metrics row and log line; every {@code checkpointEvery} steps a
 * checkpoint; every {@code preview.every} steps a sample grid; at the end a final checkpoint, grid
 * and loss plot. Resuming restores weights, EMA, Adam's moments and step, and the data cursor, and
 * continues with the step-derived random streams, so N steps + resume + N steps equals 2N steps
 * bit for bit (on the same thread count and backend).
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final RunFolder run;
    private final TrainConfig config;
    private final TrainingGraph graph;
    private final Adam adam;
    private final Ema ema;
    private final TrainingData data;
    private final MetricsCsv metrics;
    private final LatentDecoder decoder;
    private final int threads;
    private final TrainProgress progress;
    private final boolean canPreview;
    private Previewer previewer;
    private int plottedRows = -1;
    private volatile boolean stopRequested;

    private Trainer(RunFolder run, TrainConfig config, TrainProgress progress, CheckpointStore.Verified from,
                    LatentDecoder decoder, DataOpener opener) throws IOException {
        this(run, config, progress, from, decoder, opener, null);
    }

    private Trainer(RunFolder run, TrainConfig config, TrainProgress progress, CheckpointStore.Verified from,
                    LatentDecoder decoder, DataOpener opener, FineTuneStart init) throws IOException {
        this.run = run;
        this.config = config;
        this.decoder = decoder;
        this.threads = Threads.apply(config.threads());
        this.progress = progress;
        this.canPreview = previewsPossible(config, decoder);
        this.data = opener.open(config.data(), config.microBatch(), config.seed(), progress.cursor());
        checkDataFitsModel(data, config.model());
        DiTModel model = init == null ? DiTModel.initialized(config.model(), config.seed(), DataType.FLOAT)
                : DiTModel.withWeights(config.model(), init.weights(), DataType.FLOAT);
        this.graph = TrainingGraph.create(model, GaussianDiffusion.create(config.diffusion()));
        this.adam = new Adam(config.adam(), graph.trainableParameters());
        this.ema = new Ema(config.emaDecay(), graph.parameters());
        if (from != null) {
            restore(from);
        }
        this.metrics = MetricsCsv.open(run.metrics(), progress.step());
    }

    /**
     * A new run in folder {@code out} (created; a folder holding a run with checkpoints is refused, one
     * whose earlier start stopped before its first checkpoint is reused).
     */
    public static Trainer start(TrainConfig config, Path out, LatentDecoder decoder) throws IOException {
        return start(config, out, decoder, DataOpener.DEFAULT);
    }

    /** {@link #start(TrainConfig, Path, LatentDecoder)} reading data through {@code opener}. */
    public static Trainer start(TrainConfig config, Path out, LatentDecoder decoder, DataOpener opener)
            throws IOException {
        RunFolder run = RunFolder.create(out, config);
        LOG.info("new run {}: {} on {}", out, config.model(), config.data().describe());
        return fresh(run, config, decoder, opener);
    }

    /**
     * Starts the run in {@code out} over on purpose: the old run's files are moved into
     * {@code out/restarted-<time>/} (see {@link RunFolder#restart}), never deleted.
     */
    public static Trainer restart(TrainConfig config, Path out, LatentDecoder decoder, DataOpener opener)
            throws IOException {
        RunFolder run = RunFolder.restart(out, config);
        LOG.info("run {} started over: {} on {}", out, config.model(), config.data().describe());
        return fresh(run, config, decoder, opener);
    }

    private static Trainer fresh(RunFolder run, TrainConfig config, LatentDecoder decoder, DataOpener opener)
            throws IOException {
        return fresh(run, config, decoder, opener, null);
    }

    private static Trainer fresh(RunFolder run, TrainConfig config, LatentDecoder decoder, DataOpener opener,
                                 FineTuneStart init) throws IOException {
        try {
            return new Trainer(run, config, TrainProgress.fresh(), null, decoder, opener, init);
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * A new run in {@code out} that fine-tunes {@code init}'s weights (model and EMA start from them);
     * {@code config.model()} must be {@code init.model()}.
     */
    public static Trainer fineTune(TrainConfig config, Path out, LatentDecoder decoder, FineTuneStart init) throws IOException {
        return fineTune(config, out, decoder, DataOpener.DEFAULT, init);
    }

    /** {@link #fineTune(TrainConfig, Path, LatentDecoder, FineTuneStart)} reading data through {@code opener}. */
    public static Trainer fineTune(TrainConfig config, Path out, LatentDecoder decoder, DataOpener opener,
                                   FineTuneStart init) throws IOException {
        if (!config.model().equals(init.model())) {
            throw new IllegalArgumentException("the training config's model " + config.model()
                    + " is not the fine-tuning start's " + init.model());
        }
        RunFolder run = RunFolder.create(out, config);
        LOG.info("new run {}: fine-tuning {} on {}", out, config.model(), config.data().describe());
        init.notes().forEach(LOG::warn);
        return fresh(run, config, decoder, opener, init);
    }

    /**
     * Continues the run in {@code out} from its newest valid checkpoint; {@code adjust} may change the
     * budget and the log, checkpoint and preview intervals, nothing else. A run without any checkpoint
     * yet starts from step 0 and {@code adjust} may change every setting. A run whose checkpoints are
     * all damaged is refused ({@link NoUsableCheckpointException}); damaged checkpoints newer than the
     * one resumed from are moved to {@code RUN/damaged/}; {@code latest} is repaired.
     */
    public static Trainer resume(Path out, UnaryOperator<TrainConfig> adjust, LatentDecoder decoder) throws IOException {
        return resume(out, adjust, decoder, DataOpener.DEFAULT);
    }

    /** {@link #resume(Path, UnaryOperator, LatentDecoder)} reading data through {@code opener}. */
    public static Trainer resume(Path out, UnaryOperator<TrainConfig> adjust, LatentDecoder decoder, DataOpener opener)
            throws IOException {
        RunFolder run = RunFolder.open(out);
        try {
            return resumeLocked(run, adjust, decoder, opener);
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private static Trainer resumeLocked(RunFolder run, UnaryOperator<TrainConfig> adjust, LatentDecoder decoder,
                                        DataOpener opener) throws IOException {
        Path out = run.root();
        CheckpointStore store = run.checkpoints();
        store.removeUnfinished();
        store.adoptLatestCopy();
        CheckpointStore.Survey survey = store.survey();
        if (survey.newest().isEmpty()) {
            if (!survey.damaged().isEmpty()) {
                throw new NoUsableCheckpointException(out, survey.damaged());
            }
            TrainConfig config = adjust.apply(run.config());
            run.checkSpace(config, config.keepLast() + 1);
            run.writeConfig(config);
            LOG.info("{} has no checkpoint yet; starting it from step 0", out);
            return new Trainer(run, config, TrainProgress.fresh(), null, decoder, opener);
        }
        store.setAside(survey.damaged());
        CheckpointStore.Verified from = survey.newest().get();
        store.repairLatest(from.dir());
        TrainConfig stored = from.record().config();
        TrainConfig config = adjust.apply(stored);
        requireSameTraining(stored, config);
        run.checkSpace(config, 1);
        CheckpointRecord r = from.record();
        LOG.info("resuming {} from {} (step {}, epoch {}, position {})", out, from.dir(), r.step(), r.epoch(), r.position());
        return new Trainer(run, config, TrainProgress.of(r, from.dir()), from, decoder, opener);
    }

    private void restore(CheckpointStore.Verified from) throws IOException {
        CheckpointRecord r = from.record();
        graph.model().setWeights(Checkpoint.readWeights(from.dir(), config.model(), false));
        ema.restore(Checkpoint.readWeights(from.dir(), config.model(), true));
        adam.restore(Checkpoint.readMoments(from.dir()), r.step());
        if (r.threads() != threads) {
            LOG.warn("the checkpoint was written with {} ND4J threads and this run uses {}: training continues, but "
                    + "not bit-identically to an uninterrupted run (use --threads {})", r.threads(), threads, r.threads());
        }
    }

    /**
     * Asks the loop to stop after the current step (it then writes its final checkpoint, but draws no
     * preview grid). Thread-safe.
     */
    public void requestStop() {
        stopRequested = true;
    }

    public TrainConfig config() {
        return config;
    }

    public RunFolder run() {
        return run;
    }

    /** Steps taken so far. */
    public long step() {
        return progress.step();
    }

    /** Trains until the step or time budget is used up or a stop is requested. */
    public TrainResult run(TrainListener listener) throws IOException {
        TrainStep stepper = new TrainStep(graph, adam, ema, config);
        long startStep = progress.step();
        double budget = config.minutes() * 60;
        long t0 = System.nanoTime();
        LogWindow window = new LogWindow();
        listener.onStart(startStep, config.maxSteps(), budget);
        LOG.info("training from step {} ({}), {} images per step, {} ND4J thread(s)", startStep, budgetText(),
                config.batchSize(), threads);
        TrainResult.StopReason reason;
        while ((reason = stopReason(seconds(t0), budget)) == null) {
            StepOutcome o = runStep(stepper);
            progress.advance(o);
            double elapsed = seconds(t0);
            window.add(o);
            listener.onStep(progress.step(), o, elapsed);
            afterStep(listener, window, elapsed, t0);
        }
        flushMetrics(listener, window, seconds(t0));
        return finish(listener, reason, startStep, t0);
    }

    private StepOutcome runStep(TrainStep stepper) throws IOException {
        try {
            return stepper.run(data, progress.step());
        } catch (DivergedException e) {
            throw new DivergedException(e.getMessage() + "; training stopped. " + (progress.lastCheckpoint() == null
                    ? "There is no checkpoint yet." : "The last good checkpoint is " + progress.lastCheckpoint() + "."));
        }
    }

    private void afterStep(TrainListener listener, LogWindow window, double elapsed, long t0) throws IOException {
        long s = progress.step();
        if (s % config.logEvery() == 0) {
            flushMetrics(listener, window, elapsed);
        }
        if (s % config.checkpointEvery() == 0) {
            checkpoint(listener, seconds(t0));
        }
        if (config.preview().every() > 0 && s % config.preview().every() == 0) {
            preview(listener);
        }
    }

    /** Writes the window's metrics row (if it holds any step) and logs it. */
    private void flushMetrics(TrainListener listener, LogWindow window, double elapsed) throws IOException {
        if (window.isEmpty()) {
            return;
        }
        MetricsRow row = window.drain(progress, config.adam().learningRate(), progress.priorSeconds() + elapsed);
        metrics.append(row);
        LOG.info(String.format(Locale.ROOT, "step %d: loss %.4f (mse %.4f, vb %.4f), grad norm %.3f, %.2f img/s",
                row.step(), row.loss(), row.mse(), row.vb(), row.gradNorm(), row.imagesPerSec()));
        listener.onMetrics(row);
    }

    private TrainResult finish(TrainListener listener, TrainResult.StopReason reason, long startStep, long t0)
            throws IOException {
        double loopSeconds = seconds(t0);
        LOG.info("stopping at step {}: {}", progress.step(), switch (reason) {
            case STEPS -> "step budget reached";
            case TIME -> "time budget used up";
            case REQUESTED -> "stop requested";
        });
        if (progress.lastCheckpointStep() != progress.step()) {
            checkpoint(listener, loopSeconds);
        }
        if (reason != TrainResult.StopReason.REQUESTED && config.preview().atEnd()
                && progress.lastPreviewStep() != progress.step()) {
            preview(listener);   // not after a stop request (Ctrl-C): the user wants out, and the checkpoint is written
        }
        plot();
        TrainResult r = new TrainResult(reason, startStep, progress.step(), loopSeconds,
                progress.images() - progress.startImages(), progress.lastLoss(), progress.lastCheckpoint(),
                progress.lastPreview());
        listener.onFinish(r);
        return r;
    }

    private TrainResult.StopReason stopReason(double elapsed, double budget) {
        if (stopRequested) {
            return TrainResult.StopReason.REQUESTED;
        }
        if (config.maxSteps() > 0 && progress.step() >= config.maxSteps()) {
            return TrainResult.StopReason.STEPS;
        }
        if (budget > 0 && elapsed >= budget) {
            return TrainResult.StopReason.TIME;
        }
        return null;
    }

    private void checkpoint(TrainListener listener, double loopSeconds) throws IOException {
        WeightGuard.requireFinite(graph.parameters(), "weights", progress);
        WeightGuard.requireFinite(ema.weights(), "EMA weights", progress);
        TrainState state = new TrainState(progress.step(), progress.cursor(), progress.images(),
                progress.priorSeconds() + loopSeconds, progress.lastLoss(), graph.parameters(), ema.weights(),
                adam.moments(), adam.step());
        Checkpoint.RecordFields fields = new Checkpoint.RecordFields(config, threads, config.data().describe(),
                data.size(), CodeVersion.current());
        Path dir;
        try {
            run.checkSpace(config, 1);
            dir = run.checkpoints().save(state, fields, config.keepLast());
        } catch (IOException e) {
            throw new IOException("could not write the checkpoint of step " + progress.step() + " (" + e.getMessage()
                    + "); " + (progress.lastCheckpoint() == null ? "no earlier checkpoint exists"
                    : "the previous checkpoint " + progress.lastCheckpoint() + " is intact"), e);
        }
        progress.checkpointed(dir);
        plot();
        LOG.info("checkpoint {}", dir);
        listener.onCheckpoint(progress.step(), dir);
    }

    /** Draws the loss curve, unless it already shows every metrics row. */
    private void plot() throws IOException {
        List<MetricsRow> rows = metrics.rows();
        if (rows.size() == plottedRows) {
            return;
        }
        LossPlot.write(run.lossPlot(), rows, config.model().modelName() + " on " + config.data().kind().cliName());
        plottedRows = rows.size();
    }

    /** Whether sample grids can be drawn (pixels, or latents with a decoder); says once when they cannot. */
    private static boolean previewsPossible(TrainConfig config, LatentDecoder decoder) {
        int channels = config.model().inChannels();
        boolean possible = channels == 1 || channels == 3 || decoder != LatentDecoder.IDENTITY;
        if (!possible && (config.preview().every() > 0 || config.preview().atEnd())) {
            LOG.warn("no sample grids: {}-channel latents need the VAE to become pictures (--vae DIR)", channels);
        }
        return possible;
    }

    private void preview(TrainListener listener) throws IOException {
        if (!canPreview) {
            return;
        }
        if (previewer == null) {
            previewer = new Previewer(config.preview(), config.model(), config.diffusion(), ema.weights(), decoder);
        }
        Path png = run.sampleGrid(progress.step());
        long t = System.nanoTime();
        previewer.draw(ema.weights(), png);
        progress.previewed(png);
        LOG.info(String.format(Locale.ROOT, "sample grid %s (%s, guidance %.1f, %.1f s)", png,
                config.preview().sampler(), config.preview().cfgScale(), seconds(t)));
        listener.onPreview(progress.step(), png);
    }

    private String budgetText() {
        String steps = config.maxSteps() > 0 ? "to step " + config.maxSteps() : "";
        String time = config.minutes() > 0 ? String.format(Locale.ROOT, "for at most %.1f min", config.minutes()) : "";
        return (steps + (steps.isEmpty() || time.isEmpty() ? "" : " or ") + time).trim();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void checkDataFitsModel(TrainingData data, DiTConfig model) {
        long[] want = {model.inChannels(), model.inputSize(), model.inputSize()};
        if (!Arrays.equals(data.sampleShape(), want)) {
            throw new IllegalArgumentException("the data gives samples of " + Arrays.toString(data.sampleShape())
                    + " but the model takes " + Arrays.toString(want) + " (C, H, W); match --image-size and the model");
        }
        if (data.classes().size() > model.numClasses()) {
            throw new IllegalArgumentException("the data has " + data.classes().size() + " classes but the model only "
                    + model.numClasses());
        }
    }

    private static void requireSameTraining(TrainConfig stored, TrainConfig adjusted) {
        TrainConfig a = stored.toBuilder().maxSteps(1).minutes(0).logEvery(1).checkpointEvery(1).keepLast(1)
                .preview(PreviewSpec.NONE).threads(0).build();
        TrainConfig b = adjusted.toBuilder().maxSteps(1).minutes(0).logEvery(1).checkpointEvery(1).keepLast(1)
                .preview(PreviewSpec.NONE).threads(0).build();
        if (!a.equals(b)) {
            throw new IllegalArgumentException("--resume continues the stored configuration; only the budget "
                    + "(--steps, --minutes) and the log, checkpoint and preview settings may change");
        }
    }

    @Override
    public void close() throws IOException {
        try (run; metrics) {
            data.close();
        }
    }
}
