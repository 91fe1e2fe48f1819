package dev.faultline.connectors.archive;

import dev.faultline.operators.model.LineChunk;
import dev.faultline.operators.model.LogEnd;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads one archive file in batches. Every problem with the file (unreadable, not gzip, truncated
 * gzip, binary content, over-long lines, bad JSON events, a link or a FIFO instead of a file, more
 * bytes or lines than {@link ArchiveLimits} allow) becomes a dead letter; nothing here throws for
 * bad content, so one broken file never stops a backfill.
 */
final class ArchiveFileReader implements AutoCloseable {
    static final String LOG = ".log";
    static final String LOG_GZ = ".log.gz";
    static final String EVENTS = ".events.jsonl";
    static final String FILE_TOO_LARGE = "file-too-large";
    static final String TOO_MANY_LINES = "too-many-lines";

    /** A file whose first lines are mostly control bytes is not a text log. */
    private static final int PROBE_BYTES = 8192;

    private static final int ORIGINAL_BYTES = 4096;

    /**
     * Lines per chunk record: nearly every log fits in one (then its end rides along, see {@link
     * LineChunk#end}), a 10,000-line log takes 10.
     */
    static final int CHUNK_LINES = 1024;

    private enum Kind {
        LOG,
        EVENTS,
        OTHER
    }

    private final SplitFile file;
    private final byte[] readBuffer;
    private final String source;
    private final Kind kind;
    private final String buildId;
    private final ArchiveLimits limits;
    private InputStream raw;

    /** The file's bytes after decompression, ended at the byte cap. */
    private CappedInputStream capped;

    /**
     * The cap that ended the reading ({@link #FILE_TOO_LARGE}, {@link #TOO_MANY_LINES}), if one.
     */
    private String limitHit;

    private LineSplitter lines;

    /** No more records will be read from the file; only {@link #pending} ones remain. */
    private boolean exhausted;

    private long lineNo;
    private long binaryLines;
    private long truncatedLines;
    private long firstBinaryLine;
    private long firstTruncatedLine;
    private String lastTimestamp;

    /** The stream ended within the bytes {@link #readHead} read. */
    private boolean headIsWhole;

    ArchiveFileReader(Path path) {
        this(SplitFile.of(path), new byte[64 * 1024], ArchiveLimits.DEFAULT);
    }

    ArchiveFileReader(Path path, byte[] readBuffer, ArchiveLimits limits) {
        this(SplitFile.of(path), readBuffer, limits);
    }

    /**
     * @param readBuffer the line splitter's read buffer, shared by files read one after another
     * @param limits how much of the file is read at most
     */
    ArchiveFileReader(SplitFile file, byte[] readBuffer, ArchiveLimits limits) {
        this.readBuffer = readBuffer;
        this.limits = limits;
        this.file = file;
        this.source = file.source;
        String name = file.name;
        // A log file's name gives the build ID; a name that is only the suffix gives none.
        buildId = ArchiveFiles.buildId(name);
        kind =
                name.endsWith(EVENTS)
                        ? Kind.EVENTS
                        : name.endsWith(LOG) || name.endsWith(LOG_GZ) ? Kind.LOG : Kind.OTHER;
    }

    /** Pending records beyond the one returned, e.g. dead letters queued at the end of a log. */
    private final List<ArchiveRecord> pending = new ArrayList<>();

    /** The file's next record, or null when it has none left. */
    ArchiveRecord nextRecord() {
        if (!pending.isEmpty()) {
            return pending.remove(0);
        }
        if (exhausted) {
            return null;
        }
        if (lines == null && !open()) {
            exhausted = true;
            return pending.isEmpty() ? null : pending.remove(0);
        }
        if (kind == Kind.LOG) {
            return nextChunk();
        }
        try {
            String text = nextLine() ? lines.text(0, lines.length()) : null;
            while (text != null && text.isBlank()) {
                lineNo++; // blank separator lines in an events file carry no record
                text = nextLine() ? lines.text(0, lines.length()) : null;
            }
            if (text == null) {
                finish(null);
                return pending.isEmpty() ? null : pending.remove(0);
            }
            lineNo++;
            return eventRecord(text);
        } catch (IOException e) {
            // Truncated gzip, I/O error mid-file: keep what was read, report the rest.
            pending.add(
                    dead("corrupt-file", "stopped reading after line " + lineNo + ": " + e, null));
            finish("corrupt after line " + lineNo);
            return pending.remove(0);
        }
    }

    private boolean open() {
        // Checked before anything else: a FIFO must not even be opened (that blocks), and a link
        // is refused whatever its name.
        String refused = file.refusal();
        if (refused != null) {
            pending.add(dead(refused, ArchiveEntries.detail(refused), null));
            return false;
        }
        if (kind == Kind.OTHER) {
            pending.add(
                    dead(
                            "unrecognized-file",
                            "not a build log (<buildId>.log or .log.gz) nor build events (*.events.jsonl)",
                            null));
            lines = null;
            return false;
        }
        if (kind == Kind.LOG && buildId == null) {
            pending.add(dead("missing-build-id", "log file name gives no build ID", null));
            return false;
        }
        try {
            raw = file.open();
            // The line splitter reads in 64 KB blocks itself; only the decompressor needs its own
            // buffer.
            InputStream in = raw;
            boolean compressed = source.endsWith(".gz");
            if (compressed) {
                in = new GZIPInputStream(raw, 64 * 1024);
            }
            capped = new CappedInputStream(in, limits.maxBytes);
            in = capped;
            // The head is read into the splitter's own buffer, which then goes on from there: no
            // copy of it per file (a million small logs made that gigabytes of garbage).
            int head = readHead(in, readBuffer, compressed ? -1 : file.knownSize());
            if (headIsWhole) {
                // The file ended within its head: asking the stream again would only cost
                // another read call to learn the same (one per file, a small log fits in a head).
                in = InputStream.nullInputStream();
            }
            if (kind == Kind.LOG && looksBinary(readBuffer, head)) {
                pending.add(
                        dead(
                                "binary-file",
                                "file holds binary data, not a text log; skipped",
                                null));
                closeQuietly();
                return false;
            }
            // No buffering stream on top of the decompressor: its reads would loop until a buffer
            // is full and lose what they had when a truncated gzip breaks mid-way.
            lines = new LineSplitter(in, readBuffer, head);
            return true;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            pending.add(dead("corrupt-file", "not a readable gzip file: " + e, null));
            closeQuietly();
            return false;
        } catch (IOException e) {
            pending.add(dead("unreadable-file", "cannot open: " + e, null));
            closeQuietly();
            return false;
        }
    }

    /**
     * The first line of the next chunk, read before a full chunk is returned: only then is it known
     * whether the log goes on, so the end of a log always rides on its last lines, even when the
     * log fills its last chunk exactly (tagging flushes what it holds back for a log at its end).
     */
    private LogLine lookahead;

    /**
     * Up to {@link #CHUNK_LINES} next lines of the log as one record; what follows the last chunk
     * is pending.
     */
    private ArchiveRecord nextChunk() {
        List<LogLine> chunk = new ArrayList<>(Math.min(CHUNK_LINES, 64));
        if (lookahead != null) {
            chunk.add(lookahead);
            lookahead = null;
        }
        try {
            while (true) {
                if (!nextLine()) {
                    finish(null);
                    break;
                }
                lineNo++;
                LogLine next = line();
                if (chunk.size() == CHUNK_LINES) {
                    lookahead = next;
                    break;
                }
                chunk.add(next);
            }
        } catch (IOException e) {
            // Truncated gzip, I/O error mid-file: keep what was read, report the rest.
            pending.add(
                    dead("corrupt-file", "stopped reading after line " + lineNo + ": " + e, null));
            finish("corrupt after line " + lineNo);
        }
        if (chunk.isEmpty()) {
            return pending.isEmpty() ? null : pending.remove(0);
        }
        LineChunk last = new LineChunk(buildId, chunk.toArray(new LogLine[0]), null);
        // The log ended inside this chunk: its end travels with its last lines (the file's dead
        // letters, if any, follow on their own).
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).end != null) {
                last.end = pending.remove(i).end;
                break;
            }
        }
        return ArchiveRecord.chunk(last);
    }

    /**
     * Moves to the file's next line; false at its end, or at a cap ({@link #limitHit} says which).
     * The line count is checked here, once per line; the byte count in {@link CappedInputStream},
     * once per read block.
     */
    private boolean nextLine() throws IOException {
        if (lineNo >= limits.maxLines) {
            if (lines.advance()) {
                limitHit = TOO_MANY_LINES;
            }
            return false;
        }
        if (lines.advance()) {
            return true;
        }
        if (capped.capped()) {
            limitHit = FILE_TOO_LARGE;
        }
        return false;
    }

    private LogLine line() {
        if (lines.binary()) {
            binaryLines++;
            firstBinaryLine = firstBinaryLine == 0 ? lineNo : firstBinaryLine;
        }
        if (lines.truncated()) {
            truncatedLines++;
            firstTruncatedLine = firstTruncatedLine == 0 ? lineNo : firstTruncatedLine;
        }
        LogLine line = LogLineParser.parse(buildId, lineNo, lines);
        if (line.timestamp != null) {
            lastTimestamp = line.timestamp;
        }
        return line;
    }

    private ArchiveRecord eventRecord(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            return ArchiveRecord.event(Json.parseBuildEvent(bytes));
        } catch (RecordException e) {
            DeadLetter d =
                    new DeadLetter(e.reason(), e.getMessage(), source, Long.toString(lineNo), null);
            d.originalBase64 =
                    Base64.getEncoder()
                            .encodeToString(
                                    bytes.length > ORIGINAL_BYTES
                                            ? java.util.Arrays.copyOf(bytes, ORIGINAL_BYTES)
                                            : bytes);
            ArchiveRecord r = ArchiveRecord.dead(d);
            r.fromEventsFile = true;
            return r;
        }
    }

    /**
     * Reads up to {@link #PROBE_BYTES} first bytes into {@code buffer} and returns how many; a
     * stream that breaks early yields what it had. Notes whether the stream ended there ({@link
     * #headIsWhole}): at its end, or at {@code size} bytes when the file's length is known.
     */
    private int readHead(InputStream in, byte[] buffer, long size) {
        int want = Math.min(PROBE_BYTES, buffer.length);
        int n = 0;
        try {
            while (n < want) {
                int r = in.read(buffer, n, want - n);
                if (r < 0) {
                    headIsWhole = true;
                    break;
                }
                n += r;
                if (n == size) {
                    // All of the file as it was looked at before opening: no read call to hear
                    // that there is no more (one per small log).
                    headIsWhole = true;
                    break;
                }
            }
        } catch (IOException e) {
            // A truncated file: judge by what could be read; reading on reports the break.
        }
        return n;
    }

    /**
     * Whether the first {@code length} bytes are not text: any NUL byte, or more than 10% control
     * bytes other than the ones logs do contain (tab, CR, LF, ESC for colours, backspace, form
     * feed).
     */
    private static boolean looksBinary(byte[] head, int length) {
        int control = 0;
        for (int i = ControlBytes.next(head, 0, length);
                i < length;
                i = ControlBytes.next(head, i + 1, length)) {
            byte b = head[i];
            if (b == 0) {
                return true;
            }
            if (b != '\t' && b != '\n' && b != '\r' && b != 0x1b && b != '\b' && b != '\f') {
                control++;
            }
        }
        return control * 10 > length;
    }

    /**
     * End of the file: report per-file problems once (not once per line), then the end of the log.
     */
    private void finish(String problem) {
        if (limitHit != null && problem == null) {
            // The lines before the cap were read and count; the rest of the file is skipped.
            String detail =
                    FILE_TOO_LARGE.equals(limitHit)
                            ? "more than " + limits.maxBytes + " bytes (after decompression)"
                            : "more than " + limits.maxLines + " lines";
            pending.add(
                    dead(
                            limitHit,
                            detail + "; read stopped after line " + lineNo,
                            Long.toString(lineNo)));
            problem = detail + ", cut after line " + lineNo;
        }
        if (kind == Kind.LOG) {
            if (binaryLines > 0) {
                pending.add(
                        dead(
                                "binary-line",
                                binaryLines + " line(s) held control bytes, shown as U+FFFD",
                                Long.toString(firstBinaryLine)));
            }
            if (truncatedLines > 0) {
                pending.add(
                        dead(
                                "line-too-long",
                                truncatedLines
                                        + " line(s) longer than "
                                        + LineSplitter.MAX_LINE_BYTES
                                        + " bytes were cut to that length",
                                Long.toString(firstTruncatedLine)));
            }
            if (lineNo == 0 && problem == null) {
                pending.add(dead("empty-log", "log file has no lines", null));
            } else if (lineNo > 0) {
                LogEnd end = new LogEnd(buildId, lineNo, problem);
                end.lastTimestamp = lastTimestamp;
                pending.add(ArchiveRecord.end(end));
            }
        }
        exhausted = true;
        closeQuietly();
        lines = null;
    }

    private ArchiveRecord dead(String reason, String detail, String position) {
        return ArchiveRecord.dead(new DeadLetter(reason, detail, source, position, buildId));
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (raw != null) {
            try {
                raw.close();
            } catch (IOException ignored) {
                // closing a file we are done with; nothing to report
            }
            raw = null;
        }
    }
}
