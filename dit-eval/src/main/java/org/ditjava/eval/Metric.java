package org.ditjava.eval;

/** The metrics of the ADM evaluation suite, with their JSON keys and display names. */
public enum Metric {
    FID("fid", "FID"),
    SFID("sfid", "sFID"),
    INCEPTION_SCORE("inception_score", "Inception Score"),
    PRECISION("precision", "Precision"),
    RECALL("recall", "Recall");

    private final String key;
    private final String label;

    Metric(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The key in result JSON files. */
    public String key() {
        return key;
    }

    /** The name printed in reports (the suite's spelling). */
    public String label() {
        return label;
    }
}
