package dev.fraudwatch.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The aggregations behind the dashboard's charts; each returns what one chart draws. */
public interface ChartQueries {

    /** A category and its value (a count, an average, a percentage). */
    record Bucket(String key, double value) {
    }

    /**
     * One minute of a time series. {@code time} is the minute's start as epoch milliseconds of the local
     * time written in the record read as UTC (FraudWatch's times carry no zone), so display it in UTC.
     */
    record TimeBucket(long time, long count) {
    }

    /** Headline numbers for the metric cards. */
    record Summary(long customers, long highRisk, long blocked, long alerts) {
    }

    Summary summary();

    /** Number of customers per {@code Risk_Level}. */
    List<Bucket> riskLevels();

    /** Mean {@code Avg_Amount} per {@code Risk_Level}. */
    List<Bucket> averageAmountByRiskLevel();

    /** The {@code limit} customer_risk documents with the most fraud transactions. */
    List<JsonNode> topFraudCustomers(int limit);

    /** Blocked transactions per minute over the last {@code minutes} minutes of data. */
    List<TimeBucket> blockedPerMinute(int minutes);

    /** Flagged transactions per login device, summed over the last {@code minutes} minutes of windows. */
    List<Bucket> fraudByDevice(int minutes);

    /** Mean per-window fraud percentage per card type over the last {@code minutes} minutes of windows. */
    List<Bucket> fraudPercentByCard(int minutes);

    /** The most recent alerts with the rules that fired, newest first. */
    List<JsonNode> recentAlerts(int limit);
}
