package dev.faultline.schemas;

import java.util.Objects;

/** One log line cited by a verdict: its 1-based line number and its text (ANSI codes removed). */
public class Evidence {
    public long line;
    public String text;

    public Evidence() {}

    public Evidence(long line, String text) {
        this.line = line;
        this.text = text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evidence
                && ((Evidence) o).line == line
                && Objects.equals(((Evidence) o).text, text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, text);
    }

    @Override
    public String toString() {
        return line + ": " + text;
    }
}
