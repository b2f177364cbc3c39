package eu.eevidence.gw.sim.world;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;

/**
 * Watches the log output of the world's nodes (they run in this JVM) while the world runs: each line is handed to a
 * scanner as it is written (nothing kept), so that the victim data can be checked never to reach a log line (issue 21).
 * Lines written before the TFVAWG traffic are counted too; they cannot carry its data.
 */
final class LogWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final BiConsumer<String, String> scanner;

    private LogWatch(BiConsumer<String, String> scanner) {
        this.scanner = scanner;
    }

    /** Attaches a watch to the root logger; {@code scanner} gets (logger name, formatted line incl. a throwable's message). */
    static LogWatch attach(BiConsumer<String, String> scanner) {
        LogWatch watch = new LogWatch(scanner);
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            watch.setContext(root.getLoggerContext());
            watch.setName("world-log-watch");
            watch.start();
            root.addAppender(watch);
        }
        return watch;
    }

    @Override
    protected void append(ILoggingEvent e) {
        String line = e.getFormattedMessage();
        if (e.getThrowableProxy() != null) {
            line = line + " " + e.getThrowableProxy().getMessage();
        }
        scanner.accept(e.getLoggerName(), line);
    }

    @Override
    public void close() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.detachAppender(this);
        }
        stop();
    }
}
