package dev.faultline.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.schemas.BuildEvent;
import java.util.List;

/**
 * One real build from the sample archive, used as the skeleton of generated builds: its lines (with
 * their time offsets), its events, the verdict it is known to get, and where build output may be
 * inserted without moving the cause out of its step.
 */
final class BuildTemplate {
    final String id;
    final String[] texts;

    /** Milliseconds after the first line; -1 for lines without a timestamp. */
    final long[] offsets;

    final List<BuildEvent> events;
    final JsonNode verdict;

    /** Line index (0-based) after which filler output may be inserted, or -1. */
    final int fillerAfter;

    final boolean failure;

    /** Absolute time (ms) the offsets count from: the first timestamped line's. */
    final long origin;

    BuildTemplate(
            String id,
            String[] texts,
            long[] offsets,
            long origin,
            List<BuildEvent> events,
            JsonNode verdict,
            int fillerAfter) {
        this.origin = origin;
        this.id = id;
        this.texts = texts;
        this.offsets = offsets;
        this.events = events;
        this.verdict = verdict;
        this.fillerAfter = fillerAfter;
        this.failure = !"success".equals(verdict.get("outcome").asText());
    }
}
