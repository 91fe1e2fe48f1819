package dev.faultline.schemas;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink type information for every record that crosses an operator boundary. All of them are POJOs,
 * so Flink uses its POJO serializer; a test proves none of them needs Kryo.
 */
public final class RecordTypes {
    public static final TypeInformation<LogLine> LOG_LINE = TypeInformation.of(LogLine.class);
    public static final TypeInformation<BuildEvent> BUILD_EVENT =
            TypeInformation.of(BuildEvent.class);
    public static final TypeInformation<BuildVerdict> BUILD_VERDICT =
            TypeInformation.of(BuildVerdict.class);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            TypeInformation.of(DeadLetter.class);
    public static final TypeInformation<Alert> ALERT = TypeInformation.of(Alert.class);

    private RecordTypes() {}
}
