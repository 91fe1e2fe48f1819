package dev.faultline.operators.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerting policy: window sizes, thresholds per failure category, the quiet period before an
 * alert resolves, and the triage rule for recurring unknown failures. Defaults are chosen for a
 * platform with a few hundred to a few thousand builds an hour (see the README's Alerting section).
 */
public final class AlertRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Categories whose platform-fault failures may page, with their default thresholds. */
    static final Map<String, AlertThreshold> DEFAULT_CATEGORY_THRESHOLDS;

    static {
        Map<String, AlertThreshold> m = new LinkedHashMap<>();
        // Our own code failing: rare by design, so a handful already means an incident.
        m.put("internal", new AlertThreshold(3, 0));
        m.put("initialization", new AlertThreshold(5, 0.01));
        m.put("health_check", new AlertThreshold(5, 0.01));
        // Upstream services (package registries, the deploy API) blip now and then on their own;
        // only a sustained wave is ours to handle.
        m.put("dependency_installation", new AlertThreshold(15, 0.02));
        m.put("tool_installation", new AlertThreshold(15, 0.02));
        DEFAULT_CATEGORY_THRESHOLDS = Collections.unmodifiableMap(m);
    }

    public final Duration window;
    public final Duration slide;
    public final Duration quietPeriod;
    public final AlertThreshold platformDefault;
    public final Map<String, AlertThreshold> perCategory;

    /** Platform failures at one stage, whatever their signature. */
    public final AlertThreshold stage;

    public final Duration unknownWindow;
    public final Duration unknownSlide;
    public final int unknownMinFailures;
    public final int maxExamples;

    /**
     * Distinct accounts (or repositories where no account is known) whose failures an alert needs:
     * one account's builds printing a platform-like line must not page the platform's on-call.
     */
    public final int minAccounts;

    /** At most this many distinct accounts are remembered per bucket: enough to compare. */
    public static final int MAX_MIN_ACCOUNTS = 16;

    public static final int DEFAULT_MIN_ACCOUNTS = 2;

    public AlertRules(
            Duration window,
            Duration slide,
            Duration quietPeriod,
            AlertThreshold platformDefault,
            Map<String, AlertThreshold> perCategory,
            AlertThreshold stage,
            Duration unknownWindow,
            int unknownMinFailures,
            int maxExamples) {
        this(
                window,
                slide,
                quietPeriod,
                platformDefault,
                perCategory,
                stage,
                unknownWindow,
                unknownMinFailures,
                maxExamples,
                DEFAULT_MIN_ACCOUNTS);
    }

    public AlertRules(
            Duration window,
            Duration slide,
            Duration quietPeriod,
            AlertThreshold platformDefault,
            Map<String, AlertThreshold> perCategory,
            AlertThreshold stage,
            Duration unknownWindow,
            int unknownMinFailures,
            int maxExamples,
            int minAccounts) {
        this.window = window;
        this.slide = slide;
        this.quietPeriod = quietPeriod;
        this.platformDefault = platformDefault;
        this.perCategory = Collections.unmodifiableMap(new TreeMap<>(perCategory));
        this.stage = stage;
        this.unknownWindow = unknownWindow;
        this.unknownSlide = unknownSlide(slide, unknownWindow);
        this.unknownMinFailures = unknownMinFailures;
        this.maxExamples = maxExamples;
        this.minAccounts = minAccounts;
        check(
                minAccounts >= 1 && minAccounts <= MAX_MIN_ACCOUNTS,
                "an alert needs failures of 1 to " + MAX_MIN_ACCOUNTS + " distinct accounts");
        check(window.toMillis() > 0 && slide.toMillis() > 0, "window and slide must be positive");
        check(
                window.toMillis() % slide.toMillis() == 0,
                "the window must be a whole number of slides");
        check(
                unknownWindow.toMillis() % slide.toMillis() == 0,
                "the unknown-failure window must be a whole number of slides");
        check(!quietPeriod.isNegative(), "the quiet period must not be negative");
        check(unknownMinFailures >= 2, "an unknown failure recurs from 2 builds on");
        check(maxExamples >= 1 && maxExamples <= 5, "1 to 5 examples per alert");
    }

    /**
     * The triage window moves in steps of about a twelfth of its length (5 minutes for an hour), a
     * whole number of slides that divides it: a triage alert need not be minute-exact, and each
     * evaluation then reads 12 buckets instead of 60 (a backfill evaluates every bucket of the
     * archive).
     */
    static Duration unknownSlide(Duration slide, Duration unknownWindow) {
        long s = slide.toMillis();
        long k = Math.max(1, unknownWindow.toMillis() / 12 / s);
        while (k > 1 && unknownWindow.toMillis() % (k * s) != 0) {
            k--;
        }
        return Duration.ofMillis(k * s);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * 5-minute windows evaluated every minute; 10 platform failures of one kind and 1% of builds
     * page (20 clone failures in 5 minutes always do, one user's typo never can: user faults never
     * page); resolve after 10 quiet minutes; unknown failures: 3 builds with the same masked line
     * within an hour raise a triage alert.
     */
    public static AlertRules defaults() {
        return new AlertRules(
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                new AlertThreshold(10, 0.01),
                DEFAULT_CATEGORY_THRESHOLDS,
                new AlertThreshold(15, 0.02),
                Duration.ofHours(1),
                3,
                3);
    }

    public AlertThreshold threshold(String category) {
        return perCategory.getOrDefault(category, platformDefault);
    }

    /** Parses {@code clone=10:0.01,internal=3} into per-category thresholds over the defaults. */
    public static Map<String, AlertThreshold> categoryThresholds(String spec) {
        Map<String, AlertThreshold> m = new LinkedHashMap<>(DEFAULT_CATEGORY_THRESHOLDS);
        if (spec == null || spec.isBlank()) {
            return m;
        }
        for (String entry : spec.split(",")) {
            String[] kv = entry.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException(
                        "bad category threshold '" + entry + "' (want CATEGORY=COUNT:SHARE)");
            }
            m.put(kv[0].trim(), AlertThreshold.parse(kv[1]));
        }
        return m;
    }

    @Override
    public String toString() {
        return "window "
                + window
                + " every "
                + slide
                + ", platform "
                + platformDefault
                + " "
                + perCategory
                + ", stage "
                + stage
                + ", quiet "
                + quietPeriod
                + ", unknown "
                + unknownMinFailures
                + " in "
                + unknownWindow;
    }
}
