package dev.fraudwatch.detector;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the control streams (rules, commands). They carry no event time of their own, but they are
 * inputs of the decision operator, whose watermark is the minimum over its active inputs: without a watermark
 * they would hold the transactions' event time back forever and no dashboard window would ever close. So they
 * declare themselves permanently idle, which leaves the watermark to the transactions alone. (Emitting the
 * maximum watermark instead would be wrong: while the transactions are idle, say at start-up, the operator's
 * watermark would jump to the end of time and every later transaction would be late for the windows.)
 * Their records still flow and are applied as they arrive.
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
                output.markIdle();
            }
        }).withTimestampAssigner((e, ts) -> Long.MIN_VALUE);
    }
}
