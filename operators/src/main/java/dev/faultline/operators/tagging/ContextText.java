package dev.faultline.operators.tagging;

import dev.faultline.operators.model.TaggedLine;

/** Gives a line with nothing on it its displayed text, when it crosses the key-by as context. */
final class ContextText {
    private ContextText() {}

    /**
     * Sets {@link TaggedLine#context} (and whether the line is shown in red or bold) from its raw
     * text; leaves a blank line without context. Only for lines the tagger found nothing on.
     */
    static void attach(TaggedLine t, String raw) {
        if (raw == null) {
            return;
        }
        String clipped =
                raw.length() > LineTagger.MAX_TAGGED_CHARS
                        ? raw.substring(0, LineTagger.MAX_TAGGED_CHARS)
                        : raw;
        if (LineNormalizer.isPlain(clipped)) {
            int end = LineNormalizer.textEnd(clipped);
            String shown = end == clipped.length() ? clipped : clipped.substring(0, end);
            t.context = shown.isBlank() ? null : shown;
            return;
        }
        String shown = LineNormalizer.display(clipped);
        t.context = shown.isBlank() ? null : shown;
        t.emphasized = t.context != null && LineNormalizer.emphasized(clipped);
    }
}
