package dev.faultline.connectors.kafka;

import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.Json;
import dev.faultline.schemas.LogLine;
import dev.faultline.schemas.RecordException;
import dev.faultline.schemas.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /**
     * How far a record's own timestamp may lie from its Kafka record time by default. Event time
     * moves with the lines' timestamps, so one line stamped 9999-12-31 would carry its partition's
     * watermark there and decide every open build from a partial log.
     */
    public static final Duration DEFAULT_MAX_TIMESTAMP_SKEW = Duration.ofDays(1);

    public static final TypeInformation<KafkaInput> TYPE = TypeInformation.of(KafkaInput.class);

    private KafkaRecords() {}

    /**
     * The shared shape of both deserializers: parse the value, or turn the record into a dead
     * letter with the parser's reason; event time defaults to the Kafka record's timestamp.
     */
    abstract static class NeverThrowing implements KafkaRecordDeserializationSchema<KafkaInput> {
        private static final long serialVersionUID = 1L;

        private final long maxSkewMillis;

        NeverThrowing(Duration maxTimestampSkew) {
            this.maxSkewMillis = maxTimestampSkew.toMillis();
        }

        @Override
        public final void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<KafkaInput> out) {
            KafkaInput in = new KafkaInput();
            in.timestamp = record.timestamp();
            try {
                parse(record, in, out);
            } catch (RecordException e) {
                in = deadInput(record, e.reason(), e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                // Whatever a parser did not foresee (a number out of range, nesting too deep) is
                // one bad record, not a reason to restart the job on the same record forever.
                in =
                        deadInput(
                                record,
                                "invalid-record",
                                e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.collect(in);
        }

        private static KafkaInput deadInput(
                ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
            KafkaInput in = new KafkaInput();
            in.timestamp = record.timestamp();
            in.dead = deadLetter(record, reason, clip(detail), clip(key(record)));
            return in;
        }

        /**
         * The record's own time {@code iso} in epoch millis, or {@link Timestamps#NONE} when it has
         * none or one that cannot be used, for the caller to fall back to the Kafka record time. A
         * timestamp that does not parse, or lies further than the allowed skew from the record
         * time, is reported as a dead letter: the record is still used, but it cannot move event
         * time where the producer's clock never was.
         */
        final long ownTime(
                ConsumerRecord<byte[], byte[]> record,
                String iso,
                String buildId,
                Collector<KafkaInput> out) {
            if (iso == null) {
                return Timestamps.NONE;
            }
            long t = Timestamps.parseMillis(iso);
            long recordTime = record.timestamp();
            String problem = null;
            if (t == Timestamps.NONE) {
                problem = "invalid-timestamp";
            } else if (recordTime >= 0 && Math.abs(t - recordTime) > maxSkewMillis) {
                problem = "timestamp-out-of-window";
            }
            if (problem == null) {
                return t;
            }
            KafkaInput dead = new KafkaInput();
            dead.timestamp = recordTime;
            dead.dead =
                    deadLetter(
                            record,
                            problem,
                            clip("timestamp '" + iso + "' replaced by the Kafka record time"),
                            buildId);
            out.collect(dead);
            return Timestamps.NONE;
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

        public LogLines() {
            this(DEFAULT_MAX_TIMESTAMP_SKEW);
        }

        public LogLines(Duration maxTimestampSkew) {
            super(maxTimestampSkew);
        }

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
            long own = ownTime(record, line.timestamp, line.buildId, out);
            if (own == Timestamps.NONE) {
                line.timestamp = null; // none, or replaced: the line has no time of its own
            } else {
                in.timestamp = own;
            }
            in.line = line;
        }
    }

    /** {@code build-events}: the platform's {@link BuildEvent} JSON. */
    public static final class BuildEvents extends NeverThrowing {
        private static final long serialVersionUID = 1L;

        public BuildEvents() {
            this(DEFAULT_MAX_TIMESTAMP_SKEW);
        }

        public BuildEvents(Duration maxTimestampSkew) {
            super(maxTimestampSkew);
        }

        @Override
        void parse(ConsumerRecord<byte[], byte[]> record, KafkaInput in, Collector<KafkaInput> out)
                throws RecordException {
            BuildEvent event = Json.parseBuildEvent(record.value());
            long own = ownTime(record, event.occurredAt(), event.buildId(), out);
            if (own != Timestamps.NONE) {
                in.timestamp = own;
            }
            in.event = event;
        }
    }

    /** A detail or key as long as a producer sent it would make the dead letter too large. */
    private static String clip(String s) {
        return s == null || s.length() <= 1024 ? s : s.substring(0, 1024) + "...";
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
