package dev.faultline.connectors.alert;

import dev.faultline.schemas.Alert;
import dev.faultline.schemas.RecordTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alertmanager forgets an alert whose {@code endsAt} has passed, so a firing alert must be sent
 * again and again while it fires. Keyed by dedup key: remembers each firing alert and re-emits it
 * every resend interval of wall-clock time (processing-time timers are checkpointed, so resending
 * survives restarts); a resolve is passed on and ends the repeats.
 */
public class AlertmanagerResender extends KeyedProcessFunction<String, Alert, Alert> {
    private static final long serialVersionUID = 1L;

    private final long intervalMillis;
    private transient ValueState<Alert> firing;
    private transient ValueState<Long> nextResend;

    public AlertmanagerResender(java.time.Duration interval) {
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        firing =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("firing", RecordTypes.ALERT));
        nextResend =
                getRuntimeContext().getState(new ValueStateDescriptor<>("next-resend", Types.LONG));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        out.collect(alert);
        Long next = nextResend.value();
        if (Alert.FIRING.equals(alert.status)) {
            firing.update(alert);
            if (next == null) {
                long at = ctx.timerService().currentProcessingTime() + intervalMillis;
                ctx.timerService().registerProcessingTimeTimer(at);
                nextResend.update(at);
            }
        } else {
            firing.clear();
            if (next != null) {
                ctx.timerService().deleteProcessingTimeTimer(next);
            }
            nextResend.clear();
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert alert = firing.value();
        if (alert == null) {
            nextResend.clear();
            return;
        }
        out.collect(alert);
        long at = time + intervalMillis;
        ctx.timerService().registerProcessingTimeTimer(at);
        nextResend.update(at);
    }
}
