package dev.fraudwatch.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** Per-account documents: the risk profile and the decisions about the account's transactions. */
public interface RiskRepository {

    /** The account's {@code customer_risk} document, as stored. */
    Optional<JsonNode> risk(String account);

    /** The account's most recent {@code fraud_alerts} documents, newest first. */
    List<JsonNode> alerts(String account, int limit);

    /** Null when the store answers, else a sentence saying why not (for {@code /health}). */
    String healthProblem();
}
