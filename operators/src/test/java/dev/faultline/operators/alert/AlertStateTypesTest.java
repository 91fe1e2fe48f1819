package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The detector's state types, and the counts that cross to it in a backfill, are POJOs that Flink
 * serializes without Kryo.
 */
class AlertStateTypesTest {
    @Test
    void stateTypesArePojos() {
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        for (Class<?> c :
                new Class<?>[] {KindBucket.class, ActiveAlert.class, BucketCounts.class}) {
            TypeInformation<?> type = TypeInformation.of(c);
            assertThat(type).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            assertThat(type.createSerializer(noKryo)).isNotNull();
        }
    }

    @Test
    void thresholdsParseAndRejectNonsense() {
        assertThat(AlertThreshold.parse("10:0.01").minFailures).isEqualTo(10);
        assertThat(AlertThreshold.parse("3").minShare).isZero();
        assertThat(AlertRules.categoryThresholds("clone=20:0.05").get("clone").minFailures)
                .isEqualTo(20);
        assertThat(AlertRules.categoryThresholds("").get("internal").minFailures).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertThreshold.parse("ten"))
                .hasMessageContaining("bad threshold");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertThreshold.parse("5:2"))
                .hasMessageContaining("0..1");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> AlertRules.categoryThresholds("clone"))
                .hasMessageContaining("CATEGORY=");
    }

    @Test
    void theTriageWindowMovesInAboutATwelfthOfItsLength() {
        java.time.Duration m = java.time.Duration.ofMinutes(1);
        assertThat(AlertRules.unknownSlide(m, java.time.Duration.ofHours(1)))
                .isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(AlertRules.unknownSlide(m.multipliedBy(2), java.time.Duration.ofHours(1)))
                .isEqualTo(java.time.Duration.ofMinutes(4));
        assertThat(AlertRules.unknownSlide(m, java.time.Duration.ofMinutes(10))).isEqualTo(m);
        assertThat(AlertRules.defaults().unknownSlide).isEqualTo(java.time.Duration.ofMinutes(5));
    }
}
