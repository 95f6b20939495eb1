package dev.fraudwatch.core.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.fraudwatch.core.model.Transaction;

import java.io.IOException;

/**
 * The decoder's strict path as it was before the streaming reader (main 24179ae): Jackson's databind binding the
 * bytes straight into the record, refusing every coercion, null or missing field the contract check could object
 * to, then the bound values checked. The oracle {@code TransactionDecoderEquivalenceTest} holds
 * {@link TransactionDecoder} to, and the baseline of {@code TransactionDecodeBenchmark}. Test code only.
 *
 * <p>A record the strict binding refuses goes, as before, to the tree path, which the streaming change left as it
 * was: this class calls {@link TransactionDecoder#decodeTree} for it instead of keeping a second copy, so what the
 * equivalence test compares is the strict paths, and the tree path is tested where it lives
 * ({@code TransactionDecoderTest}).
 */
final class DatabindTransactionDecoder {

    /** Binds only what the tree path would accept unchanged. */
    private static final ObjectReader STRICT = strictReader();

    private DatabindTransactionDecoder() {
    }

    static DecodeResult decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new DecodeResult.Invalid(null, "empty record");
        }
        if (bytes.length > TransactionDecoder.MAX_RECORD_BYTES) {
            return new DecodeResult.Invalid(null, "record is " + bytes.length + " bytes, over the limit of "
                + TransactionDecoder.MAX_RECORD_BYTES + " bytes");
        }
        Transaction t = strict(bytes);
        return t != null ? new DecodeResult.Valid(t) : TransactionDecoder.decodeTree(bytes);
    }

    /** The strict one-pass binding: the transaction, or null when the tree path must decide. */
    static Transaction strict(byte[] bytes) {
        try {
            Transaction t = STRICT.readValue(bytes);
            return TransactionDecoder.acceptable(t) ? t : null;
        } catch (IOException | RuntimeException e) {
            return null; // the tree path says why, or accepts what the strict binding was too strict for
        }
    }

    private static ObjectReader strictReader() {
        JsonMapper m = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
            CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return m.readerFor(Transaction.class);
    }
}
