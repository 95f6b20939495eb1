package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The original system's job as it ran: the contract's Flink SQL ({@link FraudAnalyticsSqlFile}: Kafka connector,
 * JSON format, flagged = upstream {@code Fraud Flags}, blocked = amount over 50,000, the connector's default
 * delivery) on the same topics. Nothing of FraudWatch runs in it, which makes it the fair baseline the benchmarks
 * compare the detection job with.
 */
final class OriginalSqlJob {

    private OriginalSqlJob() {
    }

    /** Runs the statements over what the transactions topic holds now, to its end offsets; waits for the end. */
    static JobExecutionResult runBounded(StreamExecutionEnvironment env, KafkaSettings kafka, String groupId)
            throws Exception {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        for (String ddl : FraudAnalyticsSqlFile.ddl(kafka.bootstrapServers(), kafka.topics(), groupId, true)) {
            tables.executeSql(ddl);
        }
        StatementSet inserts = tables.createStatementSet();
        FraudAnalyticsSqlFile.inserts().forEach(inserts::addInsertSql);
        TableResult result = inserts.execute();
        return result.getJobClient().orElseThrow().getJobExecutionResult().get();
    }
}
