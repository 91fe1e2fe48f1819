package dev.faultline.connectors.archive;

import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * How much of one archive file is read: at most {@link #maxBytes} bytes after decompression and at
 * most {@link #maxLines} lines. A gzip bomb (a few KB that inflate to terabytes) or a runaway log
 * would otherwise keep one reader busy for hours; past a cap the file's reading stops, the lines
 * before it still count, and the file gets a dead letter ({@code file-too-large}, {@code
 * too-many-lines}). The defaults are far above any real build log (the largest seen are a few
 * hundred MB) and are defined here only.
 */
public final class ArchiveLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<MemorySize> MAX_FILE_BYTES =
            ConfigOptions.key("max-file-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(1024))
                    .withDescription(
                            "Bytes read from one archive file after decompression; the rest is skipped and reported (file-too-large).");

    public static final ConfigOption<Long> MAX_FILE_LINES =
            ConfigOptions.key("max-file-lines")
                    .longType()
                    .defaultValue(10_000_000L)
                    .withDescription(
                            "Lines read from one archive file; the rest is skipped and reported (too-many-lines).");

    public static final ArchiveLimits DEFAULT = from(new Configuration());

    public final long maxBytes;
    public final long maxLines;

    public ArchiveLimits(long maxBytes, long maxLines) {
        if (maxBytes <= 0 || maxLines <= 0) {
            throw new IllegalArgumentException(
                    "archive limits must be positive: "
                            + maxBytes
                            + " bytes, "
                            + maxLines
                            + " lines");
        }
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
    }

    /** The limits set in {@code conf} ({@code --max-file-bytes}, {@code --max-file-lines}). */
    public static ArchiveLimits from(Configuration conf) {
        return new ArchiveLimits(conf.get(MAX_FILE_BYTES).getBytes(), conf.get(MAX_FILE_LINES));
    }

    @Override
    public String toString() {
        return maxBytes + " bytes, " + maxLines + " lines per file";
    }
}
