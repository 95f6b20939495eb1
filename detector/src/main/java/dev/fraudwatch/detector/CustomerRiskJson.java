package dev.fraudwatch.detector;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.CustomerRisk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * {@code customer_risk}'s record key {@code {"Account Number": ...}} and value, exactly the bytes
 * {@code Json.toBytes} writes for {@code Map.of("Account Number", ...)} and for the {@link CustomerRisk} row, but
 * through one Jackson generator kept for the operator's life: the job writes one upsert per transaction, and
 * databind's per-call set-up (a generator, buffers, the bean serialiser's reflective getters) cost more than the
 * writing. Field names and order, {@code NON_NULL} omission, string escaping and number formatting are Jackson's
 * own (the generator is {@code Json.MAPPER}'s); {@code CustomerRiskJsonTest} checks byte equality. Not
 * thread-safe: one per operator instance.
 */
final class CustomerRiskJson implements AutoCloseable {

    private static final SerializableString ACCOUNT_NUMBER = new SerializedString("Account Number");
    private static final SerializableString NAME = new SerializedString("Name");
    private static final SerializableString TOTAL_TXNS = new SerializedString("Total_Txns");
    private static final SerializableString FRAUD_TXNS = new SerializedString("Fraud_Txns");
    private static final SerializableString AVG_AMOUNT = new SerializedString("Avg_Amount");
    private static final SerializableString RISK_LEVEL = new SerializedString("Risk_Level");
    private static final SerializableString RISK_SCORE = new SerializedString("Risk_Score");
    private static final SerializableString STATUS = new SerializedString("Status");
    private static final SerializableString LAST_UPDATED = new SerializedString("Last_Updated");

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(256);
    private final JsonGenerator generator;

    CustomerRiskJson() {
        try {
            generator = Json.MAPPER.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a JSON generator", e);
        }
        // Each value is taken out of the buffer on its own: no separator between consecutive root values.
        generator.setRootValueSeparator(null);
    }

    /** The upsert-kafka key: {@code {"Account Number":"..."}}. */
    byte[] key(String accountNumber) {
        // The record's key can't be null (the decoder refuses a transaction without one); as Map.of did, refuse it.
        Objects.requireNonNull(accountNumber, "customer_risk key: Account Number");
        try {
            JsonGenerator g = generator;
            g.writeStartObject();
            g.writeFieldName(ACCOUNT_NUMBER);
            g.writeString(accountNumber);
            g.writeEndObject();
            return take();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the customer_risk key of " + accountNumber, e);
        }
    }

    /** The row, as {@link CustomerRisk}'s Jackson annotations lay it out (absent fields omitted). */
    byte[] value(CustomerRisk r) {
        try {
            JsonGenerator g = generator;
            g.writeStartObject();
            writeString(g, NAME, r.name());
            writeString(g, ACCOUNT_NUMBER, r.accountNumber());
            g.writeFieldName(TOTAL_TXNS);
            g.writeNumber(r.totalTxns());
            g.writeFieldName(FRAUD_TXNS);
            g.writeNumber(r.fraudTxns());
            g.writeFieldName(AVG_AMOUNT);
            g.writeNumber(r.avgAmount());
            writeString(g, RISK_LEVEL, r.riskLevel());
            if (r.riskScore() != null) {
                g.writeFieldName(RISK_SCORE);
                g.writeNumber(r.riskScore().doubleValue());
            }
            writeString(g, STATUS, r.status());
            writeString(g, LAST_UPDATED, r.lastUpdated());
            g.writeEndObject();
            return take();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the customer_risk row of " + r.accountNumber(), e);
        }
    }

    private static void writeString(JsonGenerator g, SerializableString field, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeString(value);
        }
    }

    private byte[] take() throws IOException {
        generator.flush();
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        return bytes;
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}
