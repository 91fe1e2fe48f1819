package dev.faultline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.schemas.Alert;
import dev.faultline.schemas.AlertExample;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An Alertmanager alert that names a signature says what to do about it. */
class AlertmanagerAdviceTest {
    @Test
    void adviceAndDocsGoInTheAnnotationsAndEachExampleInTheDescription() {
        Alert a = PagerDutyDeliveryITCase.alert(Alert.FIRING, 1);
        a.examples[0].advice = a.advice;
        ObjectNode am =
                new AlertmanagerReceiver("http://localhost:9093", Duration.ofMinutes(1))
                        .toAlertmanager(a, 0L);
        assertThat(am.at("/annotations/advice").asText()).isEqualTo(a.advice);
        assertThat(am.at("/annotations/docs").asText())
                .isEqualTo("https://git-scm.com/docs/git-clone");
        assertThat(am.at("/annotations/description").asText())
                .contains("\n    advice: Retry the build");
    }

    @Test
    void anAlertWithoutASignatureHasNoAdviceAnnotation() {
        Alert a = PagerDutyDeliveryITCase.alert(Alert.FIRING, 1);
        a.kind = Alert.STAGE_SPIKE;
        a.signature = null;
        a.advice = null;
        a.docs = null;
        a.examples = new AlertExample[0];
        ObjectNode am =
                new AlertmanagerReceiver("http://localhost:9093", Duration.ofMinutes(1))
                        .toAlertmanager(a, 0L);
        assertThat(am.path("annotations").has("advice")).isFalse();
        assertThat(am.path("annotations").has("docs")).isFalse();
    }
}
