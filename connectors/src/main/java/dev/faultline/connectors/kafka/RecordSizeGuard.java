package dev.faultline.connectors.kafka;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.AlertExample;
import dev.faultline.schemas.BuildVerdict;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Evidence;
import dev.faultline.schemas.Json;

/**
 * Keeps every record the job writes under the producer's request limit ({@code max.request.size}, 1
 * MiB by default). A record over it fails the sink with {@code RecordTooLargeException}; the job
 * restarts and fails on the same record again, forever. Evidence lines may be 64 KiB each, and a
 * line of control bytes grows six-fold as JSON escapes, so a verdict can exceed the limit on input
 * alone.
 *
 * <p>Only a record over the limit is touched: its longest free-text fields are clipped, so that
 * every normal record is written byte for byte as before.
 */
final class RecordSizeGuard {
    /** What a value may take of the default 1 MiB request, leaving room for key and headers. */
    static final int MAX_VALUE_BYTES = 900 * 1024;

    /** Each evidence line, summary or detail of an oversized record keeps this much. */
    static final int CLIPPED_CHARS = 4096;

    private RecordSizeGuard() {}

    /**
     * The JSON of {@code value}, clipped when it would be over {@link #MAX_VALUE_BYTES}; {@code
     * clipped[0]} tells whether it was.
     */
    static byte[] toJsonWithin(Object value, boolean[] clipped) {
        byte[] json = Json.toJsonBytes(value);
        clipped[0] = false;
        if (json.length <= MAX_VALUE_BYTES) {
            return json;
        }
        clipped[0] = true;
        clip(value, CLIPPED_CHARS);
        json = Json.toJsonBytes(value);
        if (json.length <= MAX_VALUE_BYTES) {
            return json;
        }
        clip(value, 256); // nothing a person reads needs more to recognise the line
        return Json.toJsonBytes(value);
    }

    private static void clip(Object value, int chars) {
        if (value instanceof BuildVerdict v) {
            v.summary = clip(v.summary, chars);
            clip(v.evidence, chars);
        } else if (value instanceof DeadLetter d) {
            d.detail = clip(d.detail, chars);
            d.originalBase64 = null; // the position still finds the original record
        } else if (value instanceof Alert a) {
            a.summary = clip(a.summary, chars);
            a.pattern = clip(a.pattern, chars);
            if (a.examples != null) {
                for (AlertExample x : a.examples) {
                    if (x != null) {
                        x.summary = clip(x.summary, chars);
                        clip(x.evidence, chars);
                    }
                }
            }
        }
    }

    private static void clip(Evidence[] evidence, int chars) {
        if (evidence != null) {
            for (Evidence e : evidence) {
                if (e != null) {
                    e.text = clip(e.text, chars);
                }
            }
        }
    }

    private static String clip(String s, int chars) {
        return s == null || s.length() <= chars ? s : s.substring(0, chars) + "\u2026";
    }
}
