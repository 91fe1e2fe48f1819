package dev.faultline.connectors.kafka;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * A reader's word to the enumerator: how many records it has read since the last checkpoint that
 * completed. The consumer group's committed offsets stand still between checkpoints, so the lag
 * they show is short by exactly what the readers read since; the enumerator subtracts these.
 */
record ReadProgress(long readSinceCompletedCheckpoint) implements SourceEvent {}
