package dev.faultline.tools.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incidents in {@code alerts.jsonl}: one per firing that started (revision 1), with when it
 * started, when it resolved (or that it was still open at the end) and how bad it got. An incident
 * is every record with the same {@code dedupKey} and {@code startsAt}.
 */
final class AlertTimeline {
    /** A backfill of months can raise thousands; the page shows the first ones and says so. */
    static final int MAX_INCIDENTS = 2_000;

    static final class Incident {
        String dedupKey;
        String kind;
        String severity;
        String urgency;
        String summary;
        String category;
        String signature;
        String stage;
        String fault;
        String pattern;
        long start;
        long end = Timestamps.NONE;
        int peakFailures;
        int records;
    }

    final Map<String, Incident> incidents = new LinkedHashMap<>();
    long records;
    long badLines;
    long dropped;
    final List<Long> badLineNumbers = new ArrayList<>();

    static AlertTimeline read(Path alerts) throws IOException {
        AlertTimeline t = new AlertTimeline();
        JsonLines.forEach(alerts, t::accept);
        return t;
    }

    void accept(byte[] bytes, int off, int len, long lineNumber) {
        String text = new String(bytes, off, len, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        Alert a;
        try {
            a = Json.mapper().readValue(text, Alert.class);
        } catch (JsonProcessingException e) {
            a = null;
        }
        long start = a == null ? Timestamps.NONE : Timestamps.parseMillis(a.startsAt);
        if (a == null || a.dedupKey == null || a.status == null || start == Timestamps.NONE) {
            badLines++;
            if (badLineNumbers.size() < VerdictAggregate.BAD_LINES_LISTED) {
                badLineNumbers.add(lineNumber);
            }
            return;
        }
        records++;
        add(a, start);
    }

    private void add(Alert a, long start) {
        String key = a.dedupKey + "\n" + a.startsAt;
        Incident i = incidents.get(key);
        if (i == null) {
            if (incidents.size() >= MAX_INCIDENTS) {
                dropped++;
                return;
            }
            i = new Incident();
            i.dedupKey = a.dedupKey;
            i.start = start;
            incidents.put(key, i);
        }
        i.records++;
        // The first firing record says what paged; later ones only update counts.
        if (i.kind == null || (Alert.FIRING.equals(a.status) && a.revision == 1)) {
            i.kind = a.kind;
            i.severity = a.severity;
            i.urgency = a.urgency;
            i.summary = a.summary;
            i.category = a.category;
            i.signature = a.signature;
            i.stage = a.stage;
            i.fault = a.fault;
            i.pattern = a.pattern;
        }
        i.peakFailures = Math.max(i.peakFailures, Math.max(a.peakFailures, a.failures));
        if (Alert.RESOLVED.equals(a.status)) {
            i.end = Timestamps.parseMillis(a.endsAt != null ? a.endsAt : a.windowEnd);
        }
    }
}
