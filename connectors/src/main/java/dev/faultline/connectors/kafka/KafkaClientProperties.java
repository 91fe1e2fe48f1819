package dev.faultline.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;

/**
 * The Kafka client settings every client a command creates gets (sources, sinks, the backlog
 * probe's admin client, replay's producer): TLS and SASL mostly, from {@code --kafka-properties
 * FILE} and {@code --kafka-property KEY=VALUE} (which wins). They hold secrets (key store
 * passwords, JAAS configurations): {@link #describe} masks them, and nothing here puts a value in
 * an exception.
 */
public final class KafkaClientProperties {
    /**
     * The transactional sinks' {@code transaction.timeout.ms}: the brokers' default {@code
     * transaction.max.timeout.ms}, the longest they accept. A transaction holds the verdicts since
     * the last checkpoint and is committed when that checkpoint completes, possibly only after a
     * restart; a recovery slower than this timeout finds the broker has aborted it, and verdicts
     * that Flink's checkpoint counts as written are lost. Longer needs the brokers' maximum raised
     * first (else the producer fails to start); shorter via {@code --kafka-property}.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** Where each {@code --kafka-property KEY=VALUE} is kept in the options: this prefix + KEY. */
    public static final String PROPERTY_PREFIX = KafkaOptions.KAFKA_PROPERTY.key() + ".";

    private static final String MASK = "****";

    private KafkaClientProperties() {}

    /**
     * The user's client settings: the file's, then the {@code --kafka-property} ones over them.
     *
     * @throws IllegalArgumentException if the file is missing or unreadable (naming the file, never
     *     its content)
     */
    public static Properties user(Configuration options) {
        Properties p = new Properties();
        options.getOptional(KafkaOptions.KAFKA_PROPERTIES).ifPresent(file -> load(file, p));
        for (Map.Entry<String, String> e : options.toMap().entrySet()) {
            if (e.getKey().startsWith(PROPERTY_PREFIX)) {
                p.setProperty(e.getKey().substring(PROPERTY_PREFIX.length()), e.getValue());
            }
        }
        return p;
    }

    /**
     * For a consumer (a Kafka source) or an admin client (the backlog probe): the user's settings
     * and the brokers.
     */
    public static Properties client(Configuration options) {
        return withBrokers(new Properties(), options);
    }

    /**
     * For a transactional producer (a Kafka sink): the brokers, {@link #TRANSACTION_TIMEOUT}, and
     * the user's settings, which may set a different timeout.
     */
    public static Properties producer(Configuration options) {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        return withBrokers(p, options);
    }

    private static Properties withBrokers(Properties defaults, Configuration options) {
        Properties p = new Properties();
        p.putAll(defaults);
        p.putAll(user(options));
        // --bootstrap-servers, where given, is where the command was told to go
        options.getOptional(KafkaOptions.BOOTSTRAP_SERVERS)
                .ifPresent(servers -> p.setProperty("bootstrap.servers", servers));
        return p;
    }

    /**
     * Whether a setting's value is a secret: its key names a password, secret, JAAS configuration
     * or key ({@code ssl.key.password}, {@code sasl.jaas.config}, {@code
     * sasl.oauthbearer.client.secret}...). Errs on the side of masking.
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("secret")
                || k.contains("jaas")
                || k.contains("key")
                || k.contains("token")
                || k.contains("credential");
    }

    /** {@code key=value, ...} in key order, secret values masked: for logs and messages. */
    public static String describe(Properties p) {
        Map<String, String> sorted = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> sorted.put(k, isSecret(k) ? MASK : p.getProperty(k)));
        return sorted.toString();
    }

    private static void load(String file, Properties into) {
        Path path = Path.of(file);
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            into.load(r);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "--" + KafkaOptions.KAFKA_PROPERTIES.key() + ": no such file " + path);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape; its message quotes the file
            throw new IllegalArgumentException(
                    "--"
                            + KafkaOptions.KAFKA_PROPERTIES.key()
                            + ": cannot read "
                            + path
                            + " as a Java properties file ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }
}
