package org.ditjava.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Copies every log line (INFO and up) into a run's {@code train.log} while a command runs; with
 * {@code quietConsole} the console shows only warnings meanwhile (a progress bar is drawn there).
 */
final class RunLog implements AutoCloseable {
    private final FileAppender<ILoggingEvent> appender;
    private final Logger root;
    private final ThresholdFilter filter;

    private RunLog(FileAppender<ILoggingEvent> appender, Logger root, ThresholdFilter filter) {
        this.appender = appender;
        this.root = root;
        this.filter = filter;
    }

    /** Starts appending to {@code file}; a no-op handle when the logger is not Logback. */
    static RunLog to(Path file, boolean quietConsole) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return new RunLog(null, null, null);
        }
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{yyyy-MM-dd HH:mm:ss} %-5level %logger{0} - %msg%n");
        enc.start();
        FileAppender<ILoggingEvent> app = new FileAppender<>();
        app.setContext(ctx);
        app.setName("run-log");
        app.setFile(file.toString());
        app.setAppend(true);
        app.setEncoder(enc);
        app.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(app);
        ThresholdFilter filter = null;
        Appender<ILoggingEvent> console = root.getAppender("STDERR");
        if (quietConsole && console != null) {
            filter = new ThresholdFilter();
            filter.setLevel("WARN");
            filter.start();
            console.addFilter(filter);
        }
        return new RunLog(app, root, filter);
    }

    @Override
    public void close() {
        if (appender != null) {
            root.detachAppender(appender);
            appender.stop();
        }
        Appender<ILoggingEvent> console = root == null ? null : root.getAppender("STDERR");
        if (filter != null && console != null) {
            console.clearAllFilters();
        }
    }
}
