package dev.fraudwatch.alerts;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;
import java.util.UUID;

/** Collects every log line (with stack traces) written while open, to check what must never be logged. */
final class LogCapture implements AutoCloseable {

    private final StringWriter out = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    LogCapture() {
        appender = WriterAppender.newBuilder().setName("capture-" + UUID.randomUUID()).setTarget(out)
            .setLayout(PatternLayout.newBuilder().withPattern("%level %c %msg %throwable%n").build()).build();
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getRootLogger().addAppender(appender);
    }

    String text() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        context.getRootLogger().removeAppender(appender);
        appender.stop();
    }
}
