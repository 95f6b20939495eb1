package dev.fraudwatch.rules;

/**
 * An account's block, kept in keyed state without TTL (a block must not expire by itself; only an UNBLOCK
 * command lifts it). One small record per blocked account. A Flink POJO.
 */
public class AccountBlock {
    /** When the block started: the blocking transaction's time, or the command's time. */
    public String since;
    /** Why: the decision's reason or the analyst's. */
    public String reason;
    /** Who: {@link #BY_RULES} or the analyst named in the command. */
    public String by;

    public static final String BY_RULES = "fraudwatch";

    public AccountBlock() {
    }

    public AccountBlock(String since, String reason, String by) {
        this.since = since;
        this.reason = reason;
        this.by = by;
    }

    /** The reason given on every later transaction of the blocked account. */
    public String describe() {
        return "Account blocked since " + since + ": " + reason;
    }
}
