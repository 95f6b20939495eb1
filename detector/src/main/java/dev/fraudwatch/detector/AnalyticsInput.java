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
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The input table of {@link FraudAnalytics}: one row per decided transaction. Built from a DataStream that
 * already carries event-time timestamps and watermarks; the table takes them over ({@code SOURCE_WATERMARK()}),
 * so the windows close exactly when the job's watermark says, the one {@link LateEvents} reports against. The job
 * hands the table its rows in the table runtime's internal format ({@link #internalRow}); tests and tools may use
 * external {@link Row}s ({@link #row}); both give the same table.
 */
public final class AnalyticsInput {

    public static final String[] COLUMNS = {"Name", "Account Number", "Current Transaction Amount",
        "Transaction ID", "Transaction Time", "Current Login Device", "Current Card Type", "flagged"};

    public static final TypeInformation<Row> ROW_TYPE = Types.ROW_NAMED(COLUMNS, Types.STRING, Types.STRING,
        Types.DOUBLE, Types.STRING, Types.LOCAL_DATE_TIME, Types.STRING, Types.STRING, Types.BOOLEAN);

    /**
     * The same row in the table runtime's internal format ({@link #internalRow}): what Flink converts each
     * {@link Row} of {@link #ROW_TYPE} to on entering the table, so the job builds it directly and skips that
     * conversion (and the external row) per transaction.
     */
    public static final InternalTypeInfo<RowData> INTERNAL_ROW_TYPE =
        InternalTypeInfo.of((RowType) physicalType().getLogicalType());

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

    /**
     * {@link #row(Transaction, boolean)} in the internal format of {@link #INTERNAL_ROW_TYPE}, field for field what
     * Flink's converter makes of it: strings as {@link StringData}, the time as {@link TimestampData} of its epoch
     * milliseconds (the external row's {@code LocalDateTime} is those milliseconds read as UTC).
     */
    public static RowData internalRow(Transaction t, boolean flagged) {
        return internalRow(t.name(), t.accountNumber(), t.currentTransactionAmount(), t.transactionId(),
            t.eventTimeMillis(), t.currentLoginDevice(), t.currentCardType(), flagged);
    }

    public static RowData internalRow(String name, String account, double amount, String transactionId,
                                      long eventTimeMillis, String device, String cardType, boolean flagged) {
        return GenericRowData.of(StringData.fromString(name), StringData.fromString(account), amount,
            StringData.fromString(transactionId), TimestampData.fromEpochMillis(eventTimeMillis),
            StringData.fromString(device), StringData.fromString(cardType), flagged);
    }

    /** Event time of a row in epoch milliseconds (local time read as UTC, as the original job did). */
    public static long eventTimeMillis(Row row) {
        return TransactionTime.toEpochMillis((LocalDateTime) row.getField(4));
    }

    /** The table's physical columns (without the watermark), as one row type. */
    static DataType physicalType() {
        return DataTypes.ROW(
            DataTypes.FIELD("Name", DataTypes.STRING()),
            DataTypes.FIELD("Account Number", DataTypes.STRING()),
            DataTypes.FIELD("Current Transaction Amount", DataTypes.DOUBLE()),
            DataTypes.FIELD("Transaction ID", DataTypes.STRING()),
            DataTypes.FIELD("Transaction Time", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("Current Login Device", DataTypes.STRING()),
            DataTypes.FIELD("Current Card Type", DataTypes.STRING()),
            DataTypes.FIELD("flagged", DataTypes.BOOLEAN()));
    }

    public static Schema schema() {
        return Schema.newBuilder()
            .fromRowDataType(physicalType())
            .watermark("Transaction Time", "SOURCE_WATERMARK()")
            .build();
    }

    /**
     * {@code rows} (of {@link #ROW_TYPE} or {@link #INTERNAL_ROW_TYPE}, with timestamps and watermarks assigned) as
     * the analytics input.
     */
    public static Table table(StreamTableEnvironment env, DataStream<?> rows) {
        return env.fromDataStream(rows, schema());
    }
}
