package dev.faultline.tools.generate;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * An incident to stage in a generated archive: {@code count} of its builds copy the real build that
 * failed with {@code signature}, and end within {@code span} from {@code at} (a fraction of the
 * archive's time range). Used to show and test what the alerting does with a burst of failures.
 */
public final class Burst {
    public static final ConfigOption<Integer> COUNT =
            ConfigOptions.key("burst")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "How many builds of the archive fail together in one burst (0: none).");
    public static final ConfigOption<String> SIGNATURE =
            ConfigOptions.key("burst-signature")
                    .stringType()
                    .defaultValue("git.could-not-resolve-host")
                    .withDescription("The signature of the real sample build the burst copies.");
    public static final ConfigOption<Double> AT =
            ConfigOptions.key("burst-at")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription("Where in the archive's time range the burst starts (0..1).");
    public static final ConfigOption<Duration> SPAN =
            ConfigOptions.key("burst-span")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(4))
                    .withDescription("How long the burst lasts.");

    public static final Burst NONE = new Burst(0, null, 0, Duration.ZERO);

    public final int count;
    public final String signature;
    public final double at;
    public final Duration span;

    public Burst(int count, String signature, double at, Duration span) {
        if (count < 0 || at < 0 || at > 1 || span.isNegative()) {
            throw new IllegalArgumentException("burst: count >= 0, 0 <= at <= 1, span >= 0");
        }
        this.count = count;
        this.signature = signature;
        this.at = at;
        this.span = span;
    }

    public static Burst of(Configuration conf) {
        return new Burst(conf.get(COUNT), conf.get(SIGNATURE), conf.get(AT), conf.get(SPAN));
    }
}
