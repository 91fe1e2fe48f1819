package dev.faultline.tools.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the page template ({@code report.html}) with the stylesheet, the page script, ECharts and
 * the data. The template is cut at its {@code <!--@name@-->} markers once and the pieces written in
 * order, so nothing inserted (least of all log text) is ever searched for markers again.
 */
final class ReportPage {
    /**
     * Pinned with {@code echarts.version} in the root pom; the unpack in tools/pom.xml puts it
     * here.
     */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private static final Pattern MARKER = Pattern.compile("<!--@([a-z]+)@-->");

    private ReportPage() {}

    static void write(Writer out, String dataJson) throws IOException {
        String template = resource("dev/faultline/tools/report/report.html");
        Map<String, String> parts =
                Map.of(
                        "style", resource("dev/faultline/tools/report/report.css"),
                        "script", scriptText(resource("dev/faultline/tools/report/report.js")),
                        "echarts", scriptText(resource(ECHARTS)),
                        "data", dataJson);
        Matcher m = MARKER.matcher(template);
        int at = 0;
        while (m.find()) {
            out.write(template, at, m.start() - at);
            String part = parts.get(m.group(1));
            if (part == null) {
                throw new IllegalStateException("report.html has an unknown marker " + m.group());
            }
            out.write(part);
            at = m.end();
        }
        out.write(template, at, template.length() - at);
    }

    /**
     * Script text inlined in the page: a {@code </script} inside it would end the element early.
     * Neither script has one today; this keeps a future ECharts or page script from breaking the
     * page.
     */
    static String scriptText(String js) {
        return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        name
                                + " is not on the class path (tools/pom.xml copies ECharts at build time)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
