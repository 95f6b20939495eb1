package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Transaction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The input table of {@link FraudAnalytics}: one row per decided transaction. Built from a DataStream that
 * already carries event-time timestamps and watermarks; the table takes them over ({@code SOURCE_WATERMARK()}),
 * so the windows close exactly when the job's watermark says, the one {@link LateEvents} reports against.
 */
public final class AnalyticsInput {

    public static final String[] COLUMNS = {"Name", "Account Number", "Current Transaction Amount",
        "Transaction ID", "Transaction Time", "Current Login Device", "Current Card Type", "flagged"};

    public static final TypeInformation<Row> ROW_TYPE = Types.ROW_NAMED(COLUMNS, Types.STRING, Types.STRING,
        Types.DOUBLE, Types.STRING, Types.LOCAL_DATE_TIME, Types.STRING, Types.STRING, Types.BOOLEAN);

    private AnalyticsInput() {
    }

    /** The row of one transaction; {@code flagged} as the caller decides (upstream flag, or also our rules). */
    public static Row row(Transaction t, boolean flagged) {
        return row(t.name(), t.accountNumber(), t.currentTransactionAmount(), t.transactionId(),
            TransactionTime.fromEpochMillis(t.eventTimeMillis()),
            t.currentLoginDevice(), t.currentCardType(), flagged);
    }

    /** The original parsed the time to milliseconds ({@code TIMESTAMP(3)}); so does FraudWatch. */
    public static Row row(String name, String account, double amount, String transactionId, LocalDateTime time,
                          String device, String cardType, boolean flagged) {
        return Row.of(name, account, amount, transactionId, time.truncatedTo(ChronoUnit.MILLIS), device, cardType,
            flagged);
    }

    /** Event time of a row in epoch milliseconds (local time read as UTC, as the original job did). */
    public static long eventTimeMillis(Row row) {
        return TransactionTime.toEpochMillis((LocalDateTime) row.getField(4));
    }

    public static Schema schema() {
        return Schema.newBuilder()
            .column("Name", DataTypes.STRING())
            .column("Account Number", DataTypes.STRING())
            .column("Current Transaction Amount", DataTypes.DOUBLE())
            .column("Transaction ID", DataTypes.STRING())
            .column("Transaction Time", DataTypes.TIMESTAMP(3))
            .column("Current Login Device", DataTypes.STRING())
            .column("Current Card Type", DataTypes.STRING())
            .column("flagged", DataTypes.BOOLEAN())
            .watermark("Transaction Time", "SOURCE_WATERMARK()")
            .build();
    }

    /** {@code rows} (of {@link #ROW_TYPE}, with timestamps and watermarks assigned) as the analytics input. */
    public static Table table(StreamTableEnvironment env, DataStream<Row> rows) {
        return env.fromDataStream(rows, schema());
    }
}
