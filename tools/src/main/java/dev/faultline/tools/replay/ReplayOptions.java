package dev.faultline.tools.replay;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Flags of {@code replay}: how fast, from when, and how builds are spread. */
public final class ReplayOptions {
    public static final ConfigOption<Integer> RATE =
            ConfigOptions.key("rate")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Records per second to produce (0: as fast as the broker takes them).");

    public static final ConfigOption<Boolean> REALTIME =
            ConfigOptions.key("realtime")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Send each record when the wall clock reaches its (rebased) time, as a live platform would.");

    public static final ConfigOption<Duration> STAGGER =
            ConfigOptions.key("stagger")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("How far apart consecutive builds start in the replay.");

    public static final ConfigOption<String> BUILD_ID_PREFIX =
            ConfigOptions.key("build-id-prefix")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Prefixed to every replayed build ID, so the same archive replayed again gives new builds.");

    public static final ConfigOption<String> START =
            ConfigOptions.key("start")
                    .stringType()
                    .defaultValue("now")
                    .withDescription(
                            "When the first replayed build starts: now, now-DURATION (e.g. now-3h) or an ISO-8601 instant.");

    public static final ConfigOption<Duration> END_TICK =
            ConfigOptions.key("end-tick")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "If set, one line of build <prefix>end-tick this long after the last record, so that "
                                    + "event time passes every replayed build's end (0: off).");

    private ReplayOptions() {}
}
