package dev.faultline.bench.detect;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time the benchmark's JVM spent in a phase, by kind of thread: Flink task threads (by task),
 * the JIT compilers, the garbage collector, everything else. On a machine that others load too,
 * wall-clock rates swing with their load; CPU seconds per line do far less.
 */
final class CpuAccount {
    /** A Flink task thread: "NAME (1/2)#0". */
    private static final Pattern TASK = Pattern.compile("^(.*?) ?\\(\\d+/\\d+\\)");

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private final Map<String, Long> start;

    private CpuAccount(Map<String, Long> start) {
        this.start = start;
    }

    static CpuAccount start() {
        return new CpuAccount(sample());
    }

    /** Nanoseconds per bucket since {@link #start}, largest first; "process" is the total. */
    Map<String, Long> sinceStart() {
        Map<String, Long> now = sample();
        Map<String, Long> delta = new TreeMap<>();
        now.forEach((k, v) -> delta.put(k, v - start.getOrDefault(k, 0L)));
        Map<String, Long> sorted = new LinkedHashMap<>();
        delta.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Map<String, Long> sample() {
        Map<String, Long> cpu = new TreeMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long java = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long t = threads.getThreadCpuTime(id);
            if (info == null || t < 0) {
                continue;
            }
            java += t;
            var m = TASK.matcher(info.getThreadName());
            if (m.find()) {
                String task = m.group(1);
                cpu.merge(
                        "task: " + (task.length() > 60 ? task.substring(0, 60) : task),
                        t,
                        Long::sum);
                cpu.merge("flink task threads", t, Long::sum);
            }
        }
        long jit = 0;
        long gc = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    long t = ticks(Files.readString(task.resolve("stat")));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        jit += t;
                    } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                        gc += t;
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
            cpu.put("process", ticks(Files.readString(Path.of("/proc/self/stat"))));
        } catch (IOException e) {
            cpu.put("process", 0L);
        }
        cpu.put("JIT compiler threads", jit);
        cpu.put("GC threads", gc);
        cpu.put("java threads", java);
        return cpu;
    }

    /** utime + stime of a /proc stat line, in nanoseconds. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    }
}
