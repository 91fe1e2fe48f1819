package dev.faultline.operators.alert;

import dev.faultline.operators.verdict.LineMasker;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.BuildVerdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which alert kinds a verdict counts toward. A platform-fault failure counts toward its (category,
 * signature) kind and toward its stage's roll-up; an unexplained failure counts toward the kind
 * named by its masked first evidence line. Successes, user faults and cancellations count toward
 * nothing (they still count as builds for the share).
 */
public final class AlertKind {
    public final String key;
    public final String kind;
    public final String category;
    public final String signature;
    public final String stage;
    public final String fault;
    public final String pattern;

    private AlertKind(
            String key,
            String kind,
            String category,
            String signature,
            String stage,
            String fault,
            String pattern) {
        this.key = key;
        this.kind = kind;
        this.category = category;
        this.signature = signature;
        this.stage = stage;
        this.fault = fault;
        this.pattern = pattern;
    }

    public static List<AlertKind> of(BuildVerdict v, AlertFamily family) {
        List<AlertKind> kinds = new ArrayList<>(2);
        if (!BuildVerdict.FAILURE.equals(v.outcome)) {
            return kinds;
        }
        String stage = v.stage == null ? "none" : v.stage;
        if (family == AlertFamily.PLATFORM && "platform".equals(v.fault)) {
            String signature = v.signature == null ? "none" : v.signature;
            kinds.add(
                    new AlertKind(
                            "faultline/"
                                    + Alert.PLATFORM_SPIKE
                                    + "/"
                                    + safe(v.category)
                                    + "/"
                                    + safe(signature),
                            Alert.PLATFORM_SPIKE,
                            v.category,
                            v.signature,
                            v.stage,
                            v.fault,
                            null));
            kinds.add(
                    new AlertKind(
                            "faultline/" + Alert.STAGE_SPIKE + "/" + safe(stage),
                            Alert.STAGE_SPIKE,
                            null,
                            null,
                            v.stage,
                            v.fault,
                            null));
        } else if (family == AlertFamily.UNKNOWN && "unknown".equals(v.category)) {
            String pattern =
                    v.evidence != null && v.evidence.length > 0
                            // scrubbed before masking too: masking cuts a token into pieces the
                            // scrubber no longer recognizes (ghp_<n>C<n>e<n>F...), leaving most of
                            // its letters
                            ? SecretScrubber.scrub(
                                    LineMasker.mask(SecretScrubber.scrub(v.evidence[0].text)))
                            : "(no line reads like an error)";
            kinds.add(
                    new AlertKind(
                            "faultline/"
                                    + Alert.UNKNOWN_RECURRING
                                    + "/"
                                    + safe(stage)
                                    + "/"
                                    + digest(pattern),
                            Alert.UNKNOWN_RECURRING,
                            v.category,
                            null,
                            v.stage,
                            v.fault,
                            pattern));
        }
        return kinds;
    }

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.:-]");

    /** Dedup keys and Alertmanager label values stay within a small, URL-safe alphabet. */
    static String safe(String s) {
        return s == null ? "none" : UNSAFE.matcher(s).replaceAll("_");
    }

    private static String digest(String pattern) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(pattern.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
