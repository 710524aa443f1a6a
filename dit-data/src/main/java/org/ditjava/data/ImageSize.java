package org.ditjava.data;

/** A width × height pair, in PIL's (W, H) order. */
public record ImageSize(int width, int height) {

    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    /** The shorter side. */
    public int minSide() {
        return Math.min(width, height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
