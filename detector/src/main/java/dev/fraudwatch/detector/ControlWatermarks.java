package dev.fraudwatch.detector;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the control streams (rules, commands). They carry no event time of their own, but they are
 * inputs of the decision operator, whose watermark is the minimum over its inputs: without a watermark they would
 * hold the transactions' event time back forever and no dashboard window would ever close. So they declare
 * "no event time will ever come from here" (the maximum watermark); their records are still applied as they
 * arrive, since the decision operator does not drop late control records.
 */
final class ControlWatermarks {

    private ControlWatermarks() {
    }

    static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.<T>forGenerator(ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        }).withTimestampAssigner((e, ts) -> Long.MIN_VALUE);
    }
}
