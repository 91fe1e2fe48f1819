package dev.faultline.tools.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.schemas.Json;

/**
 * JSON that can sit inside a {@code <script>} element. Evidence lines are hostile input: a log line
 * holding {@code </script><script>…} would otherwise end the data block and run. Jackson only emits
 * {@code < > &} and the JavaScript line separators inside strings, where {@code \}{@code uXXXX}
 * means the same character, so the escaped text parses to the same value.
 */
final class ScriptSafeJson {
    private ScriptSafeJson() {}

    static String of(Object value) {
        try {
            return escape(Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data is not serializable", e);
        }
    }

    static String escape(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<':
                    b.append("\\u003c");
                    break;
                case '>':
                    b.append("\\u003e");
                    break;
                case '&':
                    b.append("\\u0026");
                    break;
                case '\u2028':
                    b.append("\\u2028");
                    break;
                case '\u2029':
                    b.append("\\u2029");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }
}
