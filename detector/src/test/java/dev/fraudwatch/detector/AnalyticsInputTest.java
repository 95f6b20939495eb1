package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's internal analytics rows are exactly what Flink makes of the external rows. */
class AnalyticsInputTest {

    @Test
    @SuppressWarnings("unchecked")
    void internalRowEqualsFlinksConversionOfTheExternalRow() {
        DataStructureConverter<Object, Object> converter =
            DataStructureConverters.getConverter(AnalyticsInput.physicalType());
        converter.open(AnalyticsInputTest.class.getClassLoader());
        SplittableRandom random = new SplittableRandom(7);
        List<Transaction> transactions = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long micros = random.nextLong(-2_000_000_000_000_000L, 4_000_000_000_000_000L);
            String time = TransactionTimeText.of(micros);
            transactions.add(TransactionBuilder.transaction().name(i % 2 == 0 ? "Zoë \"Q\" O'Brien" : "Li Wei")
                .accountNumber(String.format(Locale.ROOT, "ACC%010d", i)).amount(random.nextDouble() * 60_000)
                .transactionId("T" + i).time(time).device(i % 3 == 0 ? "日本 phone" : "Laptop")
                .cardType("Visa").build());
        }
        transactions.add(TransactionBuilder.transaction().device(null).cardType(null).name(null).build());
        for (Transaction t : transactions) {
            for (boolean flagged : new boolean[] {true, false}) {
                RowData viaFlink = (RowData) converter.toInternal(AnalyticsInput.row(t, flagged));
                assertThat(AnalyticsInput.internalRow(t, flagged)).as(t.toString()).isEqualTo(viaFlink);
            }
        }
    }

    @Test
    void internalRowsGiveTheSameDashboardAsExternalRows() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DataStream<Row> external = env.fromData(FraudAnalyticsTest.ROWS, AnalyticsInput.ROW_TYPE)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                .withTimestampAssigner((r, ts) -> AnalyticsInput.eventTimeMillis(r)));
        List<RowData> internalRows = FraudAnalyticsTest.ROWS.stream().map(r -> AnalyticsInput.internalRow(
            (String) r.getField(0), (String) r.getField(1), (Double) r.getField(2), (String) r.getField(3),
            AnalyticsInput.eventTimeMillis(r), (String) r.getField(5), (String) r.getField(6),
            (Boolean) r.getField(7))).toList();
        DataStream<RowData> internal = env.fromData(internalRows, AnalyticsInput.INTERNAL_ROW_TYPE)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                .withTimestampAssigner((r, ts) -> r.getTimestamp(4, 3).getMillisecond()));
        CloseableIterator<Row> a = tEnv.toDataStream(FraudAnalytics.dashboard(tEnv,
            AnalyticsInput.table(tEnv, external))).collectAsync();
        CloseableIterator<Row> b = tEnv.toDataStream(FraudAnalytics.dashboard(tEnv,
            AnalyticsInput.table(tEnv, internal))).collectAsync();
        env.execute("analytics-input-external-and-internal");
        List<String> fromExternal = drain(a);
        List<String> fromInternal = drain(b);
        assertThat(fromExternal).hasSize(13);
        assertThat(fromInternal).containsExactlyInAnyOrderElementsOf(fromExternal);
    }

    private static List<String> drain(CloseableIterator<Row> it) throws Exception {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(r -> out.add(new String(
                dev.fraudwatch.core.json.Json.toBytes(AnalyticsRecords.metric(r)),
                java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** A {@code Transaction Time} text of epoch microseconds, as the simulator writes it. */
    private static final class TransactionTimeText {
        static String of(long micros) {
            java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, java.time.ZoneOffset.UTC);
            return dev.fraudwatch.core.json.TransactionTime.formatMicros(t);
        }
    }
}
