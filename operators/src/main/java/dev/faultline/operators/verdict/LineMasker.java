package dev.faultline.operators.verdict;

import java.util.regex.Pattern;

/**
 * Masks the parts of a log line that differ between otherwise identical failures (UUIDs, hashes,
 * URLs, paths, numbers, quoted names), so that similar unknown failures group under one key.
 */
public final class LineMasker {
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?Z?");
    private static final Pattern UUID =
            Pattern.compile(
                    "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern URL = Pattern.compile("\\b[a-z][a-z0-9+.-]{1,10}://[^\\s'\"<>)]+");
    private static final Pattern PATH =
            Pattern.compile("(?<![\\w.])(?:~|\\.{1,2})?(?:/[\\w.@+-]+){2,}+/?");
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{7,}\\b");
    private static final Pattern QUOTED =
            Pattern.compile("'[^'\\s]{1,80}'|\"[^\"\\s]{1,80}\"|`[^`\\s]{1,80}`");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)*+");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int MAX_CHARS = 300;

    private LineMasker() {}

    public static String mask(String line) {
        if (line == null) {
            return "";
        }
        String s = line.length() > 2 * MAX_CHARS ? line.substring(0, 2 * MAX_CHARS) : line;
        s = TIMESTAMP.matcher(s).replaceAll("<time>");
        s = UUID.matcher(s).replaceAll("<uuid>");
        s = URL.matcher(s).replaceAll("<url>");
        s = PATH.matcher(s).replaceAll("<path>");
        s = HEX.matcher(s).replaceAll("<hex>");
        s = QUOTED.matcher(s).replaceAll("'<s>'");
        s = NUMBER.matcher(s).replaceAll("<n>");
        s = SPACE.matcher(s).replaceAll(" ").strip();
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s;
    }
}
