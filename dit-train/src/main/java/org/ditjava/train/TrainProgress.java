package org.ditjava.train;

import java.nio.file.Path;
import org.ditjava.data.Cursor;

/** The mutable counters of a training invocation: step, data cursor, images, time, last outputs. */
final class TrainProgress {
    private long step;
    private Cursor cursor;
    private long images;
    private final long startImages;
    private final double priorSeconds;
    private LossTerms lastLoss;
    private long lastCheckpointStep;
    private Path lastCheckpoint;
    private long lastPreviewStep = -1;
    private Path lastPreview;

    private TrainProgress(long step, Cursor cursor, long images, double priorSeconds, LossTerms lastLoss, Path checkpoint) {
        this.step = step;
        this.cursor = cursor;
        this.images = images;
        this.startImages = images;
        this.priorSeconds = priorSeconds;
        this.lastLoss = lastLoss;
        this.lastCheckpointStep = checkpoint == null ? -1 : step;
        this.lastCheckpoint = checkpoint;
    }

    static TrainProgress fresh() {
        return new TrainProgress(0, Cursor.start(), 0, 0, null, null);
    }

    static TrainProgress of(CheckpointRecord r, Path dir) {
        return new TrainProgress(r.step(), new Cursor(r.epoch(), r.position()), r.imagesSeen(), r.trainSeconds(),
                r.lastLoss(), dir);
    }

    void advance(StepOutcome o) {
        step++;
        cursor = o.cursor();
        images += o.images();
        lastLoss = o.terms();
    }

    void checkpointed(Path dir) {
        lastCheckpointStep = step;
        lastCheckpoint = dir;
    }

    /** Marks that previews are impossible (warned once). */
    void previewed(Path png) {
        lastPreviewStep = step;
        lastPreview = png;
    }

    long step() {
        return step;
    }

    Cursor cursor() {
        return cursor;
    }

    long images() {
        return images;
    }

    long startImages() {
        return startImages;
    }

    double priorSeconds() {
        return priorSeconds;
    }

    LossTerms lastLoss() {
        return lastLoss;
    }

    long lastCheckpointStep() {
        return lastCheckpointStep;
    }

    Path lastCheckpoint() {
        return lastCheckpoint;
    }

    long lastPreviewStep() {
        return lastPreviewStep;
    }

    Path lastPreview() {
        return lastPreview;
    }
}
