package dev.faultline.connectors.kafka;

import dev.faultline.schemas.BuildEvent;
import dev.faultline.schemas.DeadLetter;
import dev.faultline.schemas.LogLine;

/**
 * One consumed Kafka record, already parsed: a log line, a build event, or a dead letter for a
 * record that could not be used. Parsing happens in the deserializer so the watermark can use the
 * record's own timestamp, per partition.
 */
public class KafkaInput {
    public LogLine line;
    public BuildEvent event;
    public DeadLetter dead;

    /** Event time: the line's or event's own timestamp, else the Kafka record's. */
    public long timestamp;

    public KafkaInput() {}
}
