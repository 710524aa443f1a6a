package org.ditjava.model;

import java.util.Locale;

/**
 * Which weights of an official {@code train.py} checkpoint ({@code {"model", "ema", "opt", "args"}})
 * to load. The official {@code sample.py} samples with the EMA weights, so that is the default.
 */
public enum WeightsKey {
    /** The exponential moving average of the weights ({@code "ema"}): what sampling uses. */
    EMA("ema"),
    /** The raw trained weights ({@code "model"}). */
    MODEL("model");

    private final String key;

    WeightsKey(String key) {
        this.key = key;
    }

    /** The checkpoint dict key. */
    public String key() {
        return key;
    }

    /** {@code "ema"} or {@code "model"}, case-insensitive. */
    public static WeightsKey parse(String name) {
        for (WeightsKey k : values()) {
            if (k.key.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown weights key '" + name + "'; expected ema or model");
    }
}
