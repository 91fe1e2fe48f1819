package dev.faultline.operators.alert;

import dev.faultline.schemas.AlertExample;

/**
 * The failures of one alert kind that ended within one slide-long bucket of event time: detector
 * state (a Flink POJO), one entry per (bucket, kind).
 */
public class KindBucket {
    public String kindKey;
    public String kind;
    public String category;
    public String signature;
    public String stage;
    public String fault;
    public String pattern;

    /**
     * Every stage its failures were at ({@code String.valueOf(stage)}): a signature has no stage of
     * its own, so one kind can span stages, and it explains the roll-up of each of them.
     */
    public String[] stages;

    public String exampleSummary;
    public long bucket;
    public int failures;
    public long firstSeen;
    public long lastSeen;

    /**
     * The distinct accounts its failures came from ({@code a:ID}, else {@code r:repo}, else {@code
     * b:build}), at most {@link AlertRules#MAX_MIN_ACCOUNTS}.
     */
    public String[] accounts;

    /** The newest failures' examples, newest last. */
    public AlertExample[] examples;

    public KindBucket() {}
}
