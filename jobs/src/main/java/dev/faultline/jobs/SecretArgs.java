package dev.faultline.jobs;

import dev.faultline.connectors.kafka.KafkaClientProperties;
import dev.faultline.connectors.kafka.KafkaOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line arguments fit to echo in a message, a log line or an exception: the values of flags
 * that carry secrets are masked. A secret flag is one named like a key, token, password or secret
 * ({@code --pagerduty-routing-key}, {@code --api-token}, ...), and {@code --kafka-property
 * KEY=VALUE} whose KEY names one ({@code sasl.jaas.config}, {@code ssl.key.password}; see {@link
 * KafkaClientProperties#isSecret}).
 */
public final class SecretArgs {
    static final String MASK = "****";

    private SecretArgs() {}

    /** {@code args} with every secret value replaced by {@value #MASK}. */
    public static List<String> redact(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        String pending = null; // the flag whose value comes next
        for (String arg : args) {
            if (pending != null) {
                out.add(maskValue(pending, arg));
                pending = null;
                continue;
            }
            if (!arg.startsWith("--")) {
                out.add(maskKeyValue(arg));
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                String name = arg.substring(2, eq);
                out.add(arg.substring(0, eq + 1) + maskValue(name, arg.substring(eq + 1)));
            } else {
                out.add(arg);
                pending = arg.substring(2);
            }
        }
        return out;
    }

    /** {@code args} joined with spaces, secrets masked. */
    public static String join(String[] args) {
        return String.join(" ", redact(List.of(args)));
    }

    /** Whether flag {@code --name}'s value is a secret. */
    public static boolean isSecretFlag(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("-key")
                || n.contains("token")
                || n.contains("password")
                || n.contains("secret")
                || n.contains("credential");
    }

    private static String maskValue(String flag, String value) {
        if (isSecretFlag(flag)) {
            return MASK;
        }
        return flag.equals(KafkaOptions.KAFKA_PROPERTY.key()) ? maskKeyValue(value) : value;
    }

    /**
     * {@code KEY=VALUE} with VALUE masked if KEY names a secret; anything else as it is (a stray
     * argument is echoed in a usage error, and may be a shell-split part of a JAAS configuration).
     */
    static String maskKeyValue(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            return arg;
        }
        String key = arg.substring(0, eq);
        return KafkaClientProperties.isSecret(key) ? key + "=" + MASK : arg;
    }
}
