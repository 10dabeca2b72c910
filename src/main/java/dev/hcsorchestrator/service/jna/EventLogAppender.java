package dev.hcsorchestrator.service.jna;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import dev.hcsorchestrator.definition.LifecycleLog;
import org.slf4j.LoggerFactory;

/**
 * Warnings and errors of the lifecycle (the {@link LifecycleLog#LOGGER} logger and the service's
 * own) to the Windows Event Log under the service's source: {@code RegisterEventSource} once,
 * {@code ReportEvent} per entry, {@code DeregisterEventSource} when Logback stops the appender.
 */
final class EventLogAppender extends AppenderBase<ILoggingEvent> {

  static final int EVENT_WARNING = 1000;
  static final int EVENT_ERROR = 1001;
  private static final int MAX_CHARS = 31_000; // ReportEvent's limit per string is 31,839

  private final String source;
  private WinNT.HANDLE handle;

  private EventLogAppender(String source) {
    this.source = source;
  }

  /** Attaches the appender (WARN and above) to the lifecycle and service loggers. */
  static void attach(String source) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another logging backend: nothing to attach to
    }
    EventLogAppender appender = new EventLogAppender(source);
    appender.setName("windows-event-log");
    appender.setContext(context);
    ThresholdFilter warnings = new ThresholdFilter();
    warnings.setLevel(Level.WARN.levelStr);
    warnings.setContext(context);
    warnings.start();
    appender.addFilter(warnings);
    appender.start();
    for (String logger : new String[] {LifecycleLog.LOGGER, "dev.hcsorchestrator.service"}) {
      context.getLogger(logger).addAppender(appender);
    }
  }

  @Override
  public void start() {
    handle = Advapi32.INSTANCE.RegisterEventSource(null, source);
    if (handle == null) {
      addError("RegisterEventSource " + source + " failed: " + ScmServices.lastError());
      return;
    }
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    if (handle != null) {
      Advapi32.INSTANCE.DeregisterEventSource(handle);
      handle = null;
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    boolean error = event.getLevel().isGreaterOrEqual(Level.ERROR);
    String text = event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      text += System.lineSeparator() + event.getThrowableProxy().getMessage();
    }
    if (text.length() > MAX_CHARS) {
      text = text.substring(0, MAX_CHARS);
    }
    Advapi32.INSTANCE.ReportEvent(
        handle,
        error ? WinNT.EVENTLOG_ERROR_TYPE : WinNT.EVENTLOG_WARNING_TYPE,
        0,
        error ? EVENT_ERROR : EVENT_WARNING,
        null,
        1,
        0,
        new String[] {text},
        null);
  }
}
