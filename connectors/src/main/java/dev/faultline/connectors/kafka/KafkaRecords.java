package dev.faultline.connectors.kafka;

import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordException;
import dev.faultline.schemas.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Deserializers for the two input topics. They never throw: a record that cannot be used becomes a
 * dead letter carrying the reason, topic, partition, offset and original bytes, so one bad producer
 * cannot stop the job and nothing disappears without a trace.
 */
public final class KafkaRecords {
    /**
     * Longest line text kept; a longer line is cut and reported (the build still gets its verdict).
     */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    /** Original bytes kept in a dead letter. */
    public static final int MAX_ORIGINAL_BYTES = 64 * 1024;

    public static final TypeInformation<KafkaInput> TYPE = TypeInformation.of(KafkaInput.class);

    private KafkaRecords() {}

    /**
     * The shared shape of both deserializers: parse the value, or turn the record into a dead
     * letter with the parser's reason; event time defaults to the Kafka record's timestamp.
     */
    abstract static class NeverThrowing implements KafkaRecordDeserializationSchema<KafkaInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public final void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<KafkaInput> out) {
            KafkaInput in = new KafkaInput();
            in.timestamp = record.timestamp();
            try {
                parse(record, in, out);
            } catch (RecordException e) {
                in.dead = deadLetter(record, e.reason(), e.getMessage(), key(record));
            }
            out.collect(in);
        }

        /**
         * Fills {@code in} from the record; may emit extra records (dead letters) to {@code out}.
         */
        abstract void parse(
                ConsumerRecord<byte[], byte[]> record, KafkaInput in, Collector<KafkaInput> out)
                throws RecordException;

        @Override
        public TypeInformation<KafkaInput> getProducedType() {
            return TYPE;
        }
    }

    /** {@code build-logs}: key = build ID, value = {@link LogLine} JSON. */
    public static final class LogLines extends NeverThrowing {
        private static final long serialVersionUID = 1L;

        @Override
        void parse(ConsumerRecord<byte[], byte[]> record, KafkaInput in, Collector<KafkaInput> out)
                throws RecordException {
            LogLine line = Json.parseLogLine(record.value());
            if (line.text.length() > MAX_LINE_CHARS) {
                line.text = line.text.substring(0, MAX_LINE_CHARS);
                KafkaInput cut = new KafkaInput();
                cut.timestamp = record.timestamp();
                cut.dead =
                        deadLetter(
                                record,
                                "line-too-long",
                                "line text longer than "
                                        + MAX_LINE_CHARS
                                        + " characters was cut to that length",
                                line.buildId);
                out.collect(cut);
            }
            in.timestamp = eventTime(line.timestamp, record.timestamp());
            in.line = line;
        }
    }

    /** {@code build-events}: the platform's {@link BuildEvent} JSON. */
    public static final class BuildEvents extends NeverThrowing {
        private static final long serialVersionUID = 1L;

        @Override
        void parse(ConsumerRecord<byte[], byte[]> record, KafkaInput in, Collector<KafkaInput> out)
                throws RecordException {
            BuildEvent event = Json.parseBuildEvent(record.value());
            in.timestamp = eventTime(event.occurredAt(), record.timestamp());
            in.event = event;
        }
    }

    static long eventTime(String iso, long fallback) {
        long t = Timestamps.parseMillis(iso);
        return t == Timestamps.NONE ? fallback : t;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    static DeadLetter deadLetter(
            ConsumerRecord<byte[], byte[]> record, String reason, String detail, String buildId) {
        DeadLetter d =
                new DeadLetter(
                        reason,
                        detail,
                        record.topic(),
                        record.partition() + ":" + record.offset(),
                        buildId);
        byte[] value = record.value();
        if (value != null) {
            d.originalBase64 =
                    Base64.getEncoder()
                            .encodeToString(
                                    value.length > MAX_ORIGINAL_BYTES
                                            ? Arrays.copyOf(value, MAX_ORIGINAL_BYTES)
                                            : value);
        }
        return d;
    }
}
