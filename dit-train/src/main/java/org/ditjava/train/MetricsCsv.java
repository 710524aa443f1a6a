package org.ditjava.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.ditjava.io.AtomicFile;

/**
 * {@code metrics.csv} of a run, one {@link MetricsRow} per log interval, flushed as written. Opening
 * it to resume from step k drops the rows after k (they belong to steps that will be redone).
 */
public final class MetricsCsv implements AutoCloseable {
    private final List<MetricsRow> rows;
    private final BufferedWriter out;

    private MetricsCsv(List<MetricsRow> rows, BufferedWriter out) {
        this.rows = rows;
        this.out = out;
    }

    /** Opens {@code file} keeping the rows up to {@code upToStep} (a fresh file when absent). */
    public static MetricsCsv open(Path file, long upToStep) throws IOException {
        List<MetricsRow> kept = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("step")) {
                    continue;
                }
                try {
                    MetricsRow r = MetricsRow.parse(line);
                    if (r.step() <= upToStep) {
                        kept.add(r);
                    }
                } catch (IllegalArgumentException e) {
                    // a line cut short by a crash: dropped
                }
            }
        }
        try (AtomicFile f = AtomicFile.create(file)) {
            StringBuilder sb = new StringBuilder(MetricsRow.HEADER).append('\n');
            kept.forEach(r -> sb.append(r.toCsv()).append('\n'));
            Files.writeString(f.tempPath(), sb, StandardCharsets.UTF_8);
            f.commit();
        }
        return new MetricsCsv(kept, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /** Appends a row and flushes it. */
    public void append(MetricsRow row) throws IOException {
        rows.add(row);
        out.write(row.toCsv());
        out.newLine();
        out.flush();
    }

    /** Every row so far. */
    public List<MetricsRow> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
