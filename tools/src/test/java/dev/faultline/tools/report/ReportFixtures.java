package dev.faultline.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verdict lines to write into test files, and the data block read back out of a written page. */
final class ReportFixtures {
    static final String DATA_START = "<script type=\"application/json\" id=\"report-data\">";

    private ReportFixtures() {}

    static String verdict(
            String id,
            String outcome,
            String category,
            String fault,
            String signature,
            String lastTimestamp,
            String... evidence) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("buildId", id);
        v.put("outcome", outcome);
        v.put("category", category);
        v.put("stage", null);
        v.put("fault", fault);
        v.put("signature", signature);
        v.put("summary", "s");
        List<Map<String, Object>> ev = new java.util.ArrayList<>();
        for (int i = 0; i < evidence.length; i++) {
            ev.add(Map.of("line", i + 1, "text", evidence[i]));
        }
        v.put("evidence", ev);
        v.put("lines", 10);
        v.put("decidedBy", "end-of-input");
        v.put("firstTimestamp", lastTimestamp);
        v.put("lastTimestamp", lastTimestamp);
        return Json.toJson(v);
    }

    static Path write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
        return file;
    }

    /** The JSON the page draws from, as the browser's JSON.parse would see it. */
    static JsonNode data(Path html) throws IOException {
        String page = Files.readString(html);
        int start = page.indexOf(DATA_START) + DATA_START.length();
        int end = page.indexOf("</script>", start);
        return Json.mapper().readTree(page.substring(start, end));
    }
}
