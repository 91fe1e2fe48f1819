package dev.faultline.jobs;

import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Parses {@code --name value} flags onto a {@link Configuration}, rejecting flags a command lacks.
 */
public final class CliArgs {
    private CliArgs() {}

    public static Configuration parse(List<String> args, Set<ConfigOption<?>> allowed) {
        Configuration conf = new Configuration();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + flag + "'");
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
            conf.set(
                    org.apache.flink.configuration.ConfigOptions.key(option.key())
                            .stringType()
                            .noDefaultValue(),
                    value);
        }
        return conf;
    }
}
