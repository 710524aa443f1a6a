package org.ditjava.train;

import java.util.Map;
import org.ditjava.data.Cursor;

/**
 * What a checkpoint saves: the step, the data position, the weights, their EMA and Adam's state.
 *
 * @param step         optimiser steps taken
 * @param cursor       data position of the next batch
 * @param imagesSeen   training images consumed
 * @param trainSeconds wall time spent training so far
 * @param lastLoss     loss terms of the last step (null before the first)
 * @param weights      every model tensor by official name
 * @param ema          EMA of every model tensor
 * @param moments      Adam moments ({@code adam.m.*}, {@code adam.v.*})
 * @param adamStep     Adam's step count
 */
public record TrainState(long step, Cursor cursor, long imagesSeen, double trainSeconds, LossTerms lastLoss,
                         Map<String, org.nd4j.linalg.api.ndarray.INDArray> weights,
                         Map<String, org.nd4j.linalg.api.ndarray.INDArray> ema,
                         Map<String, org.nd4j.linalg.api.ndarray.INDArray> moments, long adamStep) {
}
