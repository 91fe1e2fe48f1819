package dev.faultline.connectors.archive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out build-event files before logs, and logs in path order. Backfill decides a build's
 * verdict when its log ends; reading events first means the platform's outcome and the
 * worker/account metadata are already in the build's state by then.
 */
public class EventsFirstSplitAssigner implements FileSplitAssigner {
    private final ArrayDeque<FileSourceSplit> events = new ArrayDeque<>();
    private final ArrayDeque<FileSourceSplit> others = new ArrayDeque<>();

    public EventsFirstSplitAssigner(Collection<FileSourceSplit> splits) {
        addSplits(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        FileSourceSplit next = events.isEmpty() ? others.poll() : events.poll();
        return Optional.ofNullable(next);
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        List<FileSourceSplit> sorted = new ArrayList<>(splits);
        sorted.sort(Comparator.comparing(s -> s.path().toString()));
        for (FileSourceSplit split : sorted) {
            (split.path().getName().endsWith(ArchiveFileReader.EVENTS) ? events : others)
                    .add(split);
        }
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        List<FileSourceSplit> all = new ArrayList<>(events);
        all.addAll(others);
        return all;
    }
}
