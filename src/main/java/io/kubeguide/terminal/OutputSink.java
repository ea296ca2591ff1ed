package io.kubeguide.terminal;

/** Where a command's output goes as it comes: kubectl's standard output and its standard error (warnings, errors). */
public interface OutputSink {

    void stdout(String text);

    void stderr(String text);
}
