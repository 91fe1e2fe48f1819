package dev.faultline.jobs;

import dev.faultline.connectors.kafka.KafkaClientProperties;
import dev.faultline.connectors.kafka.KafkaOptions;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Parses {@code --name value} flags onto a {@link Configuration}, rejecting flags a command lacks.
 * Its messages never quote a secret flag's value (see {@link SecretArgs}).
 */
public final class CliArgs {
    private CliArgs() {}

    public static Configuration parse(List<String> args, Set<ConfigOption<?>> allowed) {
        Configuration conf = new Configuration();
        String previous = ""; // the last flag's name
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!flag.startsWith("--")) {
                // after a secret flag's value, a stray argument is likely the rest of it (a value
                // with a space the shell split)
                throw new IllegalArgumentException(
                        "unexpected argument '"
                                + (SecretArgs.isSecretFlag(previous)
                                        ? SecretArgs.MASK
                                        : SecretArgs.maskKeyValue(flag))
                                + "'");
            }
            String name = flag.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            ConfigOption<?> option = null;
            for (ConfigOption<?> o : allowed) {
                if (o.key().equals(name)) {
                    option = o;
                }
            }
            if (option == null) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
            previous = name;
            if (option.key().equals(KafkaOptions.KAFKA_PROPERTY.key())) {
                setKafkaProperty(conf, value);
                continue;
            }
            conf.set(
                    org.apache.flink.configuration.ConfigOptions.key(option.key())
                            .stringType()
                            .noDefaultValue(),
                    value);
        }
        return conf;
    }

    /**
     * One repeatable {@code --kafka-property KEY=VALUE}, kept under its own key so that repeats add
     * up. The message of a malformed one never quotes it: it may be a secret.
     */
    private static void setKafkaProperty(Configuration conf, String keyValue) {
        int eq = keyValue.indexOf('=');
        String key = eq > 0 ? keyValue.substring(0, eq).trim() : "";
        if (key.isEmpty()) {
            throw new IllegalArgumentException(
                    "--" + KafkaOptions.KAFKA_PROPERTY.key() + " needs KEY=VALUE");
        }
        conf.set(
                org.apache.flink.configuration.ConfigOptions.key(
                                KafkaClientProperties.PROPERTY_PREFIX + key)
                        .stringType()
                        .noDefaultValue(),
                keyValue.substring(eq + 1));
    }
}
