package dev.faultline.operators.alert;

import dev.faultline.schemas.AlertExample;
import dev.faultline.schemas.BuildVerdict;
import java.util.Arrays;

/** Counting into {@link KindBucket}s: a new bucket for a kind, a copy, and two buckets added up. */
final class KindBuckets {
    private KindBuckets() {}

    static KindBucket start(AlertKind kind, long bucket, long ended) {
        KindBucket b = new KindBucket();
        b.kindKey = kind.key;
        b.kind = kind.kind;
        b.category = kind.category;
        b.signature = kind.signature;
        b.stage = kind.stage;
        b.fault = kind.fault;
        b.pattern = kind.pattern;
        b.bucket = bucket;
        b.firstSeen = ended;
        b.lastSeen = ended;
        b.examples = new AlertExample[0];
        return b;
    }

    /**
     * Counts one failure of {@code kind} into {@code b}: the earliest build's stage, the last
     * counted build's summary, the newest examples.
     */
    static void count(KindBucket b, AlertKind kind, BuildVerdict v, long ended, int maxExamples) {
        b.failures++;
        b.stages = with(b.stages, String.valueOf(v.stage));
        b.accounts = withAccount(b.accounts, accountOf(v));
        if (ended < b.firstSeen) {
            b.stage = kind.stage;
        }
        b.firstSeen = Math.min(b.firstSeen, ended);
        b.lastSeen = Math.max(b.lastSeen, ended);
        b.examples = withExample(b.examples, AlertRecords.example(v, ended), maxExamples);
        b.exampleSummary = v.summary;
    }

    /**
     * Adds {@code later} (the same kind and bucket, counted by {@link #count}) into {@code sum}
     * exactly as if its failures had been counted into {@code sum} one by one after those already
     * in it: unlike {@link #merge}, the later counts' summary wins, as the last counted build's
     * does. Accounts stay exact up to {@link AlertRules#MAX_MIN_ACCOUNTS}: a capped side already
     * has that many.
     */
    static KindBucket append(KindBucket sum, KindBucket later, int maxExamples) {
        merge(sum, later, maxExamples);
        sum.exampleSummary = later.exampleSummary;
        return sum;
    }

    static KindBucket copy(KindBucket b) {
        KindBucket c = new KindBucket();
        c.kindKey = b.kindKey;
        c.kind = b.kind;
        c.category = b.category;
        c.signature = b.signature;
        c.stage = b.stage;
        c.fault = b.fault;
        c.pattern = b.pattern;
        c.exampleSummary = b.exampleSummary;
        c.stages = b.stages;
        c.bucket = b.bucket;
        c.failures = b.failures;
        c.firstSeen = b.firstSeen;
        c.lastSeen = b.lastSeen;
        c.examples = b.examples;
        c.accounts = b.accounts;
        return c;
    }

    /** Adds {@code b} into {@code sum}; the newest bucket's examples and summary win. */
    static KindBucket merge(KindBucket sum, KindBucket b, int maxExamples) {
        sum.failures += b.failures;
        if (b.firstSeen < sum.firstSeen) {
            sum.stage = b.stage;
        }
        sum.firstSeen = Math.min(sum.firstSeen, b.firstSeen);
        if (b.stages != null) {
            for (String stage : b.stages) {
                sum.stages = with(sum.stages, stage);
            }
        }
        if (b.lastSeen >= sum.lastSeen) {
            sum.exampleSummary = b.exampleSummary;
        }
        sum.lastSeen = Math.max(sum.lastSeen, b.lastSeen);
        AlertExample[] all = sum.examples;
        for (AlertExample e : b.examples) {
            all = withExample(all, e, maxExamples);
        }
        sum.examples = all;
        if (b.accounts != null) {
            for (String account : b.accounts) {
                sum.accounts = withAccount(sum.accounts, account);
            }
        }
        return sum;
    }

    /** {@code accounts} with {@code account} added, up to {@link AlertRules#MAX_MIN_ACCOUNTS}. */
    static String[] withAccount(String[] accounts, String account) {
        if (accounts != null && accounts.length >= AlertRules.MAX_MIN_ACCOUNTS) {
            return accounts;
        }
        return with(accounts, account);
    }

    /**
     * Distinct accounts of a bucket's failures. A bucket restored from a savepoint of a version
     * that did not record them has failures but no accounts: it counts as enough, so an upgrade
     * does not resolve an incident that is paging.
     */
    static int accountCount(KindBucket b) {
        if (b == null) {
            return 0;
        }
        if (b.accounts == null) {
            return b.failures > 0 ? Integer.MAX_VALUE : 0;
        }
        return b.accounts.length;
    }

    /**
     * Who a failure counts for: its account, else its repository, else (nothing known, as in an
     * archive without events) the build itself.
     */
    static String accountOf(BuildVerdict v) {
        if (v.accountId != null && !v.accountId.isEmpty()) {
            return "a:" + v.accountId;
        }
        if (v.repoName != null && !v.repoName.isEmpty()) {
            return "r:" + v.repoName;
        }
        return "b:" + v.buildId;
    }

    /**
     * {@code values} with {@code value} added if missing (a new array; {@code values} is left as it
     * is).
     */
    static String[] with(String[] values, String value) {
        if (values == null) {
            return new String[] {value};
        }
        for (String s : values) {
            if (s.equals(value)) {
                return values;
            }
        }
        String[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = value;
        return all;
    }

    /** Keeps the newest {@code max} examples, oldest first. */
    static AlertExample[] withExample(AlertExample[] examples, AlertExample e, int max) {
        AlertExample[] all = Arrays.copyOf(examples, examples.length + 1);
        all[examples.length] = e;
        Arrays.sort(all, (a, b) -> a.endedAt.compareTo(b.endedAt));
        return all.length <= max ? all : Arrays.copyOfRange(all, all.length - max, all.length);
    }
}
