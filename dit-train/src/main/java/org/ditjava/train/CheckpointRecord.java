package org.ditjava.train;

import java.util.Map;

/**
 * {@code checkpoint.json}: what a checkpoint holds and how to resume from it. Written last, inside
 * the checkpoint's temporary folder, so a folder without a valid record is never used.
 *
 * @param format       always {@value #FORMAT}
 * @param version      format version
 * @param step         optimiser steps taken
 * @param epoch        data epoch of the next batch
 * @param position     samples of that epoch already used
 * @param imagesSeen   training images consumed
 * @param trainSeconds wall time spent training over every invocation of the run
 * @param seed         the run's seed
 * @param rng          how the random streams derive from (seed, step): there is no other RNG state
 * @param threads      ND4J threads the run used (resuming bit-exactly needs the same)
 * @param lastLoss     loss terms of the last step
 * @param dataSource   the data read ({@link DataSpec#describe()})
 * @param dataSize     samples per epoch
 * @param diffusion    the training diffusion, in words
 * @param code         code version that wrote it
 * @param createdAt    ISO-8601 time of writing
 * @param files        every data file with its size and CRC-32C
 * @param config       the run's configuration
 */
public record CheckpointRecord(String format, int version, long step, long epoch, int position, long imagesSeen,
                               double trainSeconds, long seed, String rng, int threads, LossTerms lastLoss,
                               String dataSource, long dataSize, String diffusion, CodeVersion code, String createdAt,
                               Map<String, FileEntry> files, TrainConfig config) {
    public static final String FORMAT = "dit-train-checkpoint";
    public static final int VERSION = 1;
    /** The description stored in {@link #rng}. */
    public static final String RNG = "java.util.SplittableRandom per (seed, step, micro-batch); see StepRandom";

    /** Size and checksum of one file of the checkpoint. */
    public record FileEntry(long bytes, String crc32c) {
    }
}
