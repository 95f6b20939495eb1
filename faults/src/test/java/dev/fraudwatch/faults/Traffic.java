package dev.fraudwatch.faults;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountBlock;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.DecisionEngine;
import dev.fraudwatch.rules.RuleSet;
import dev.fraudwatch.simulator.SimulatorConfig;
import dev.fraudwatch.simulator.TransactionGenerator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The whole input of one fault-injection run, from a seed, cut into chunks (one per fault), and the exact outcome
 * it must produce: seeded simulator transactions, exact repeats of some of them (duplicate Transaction IDs), bad
 * records, and valid transactions with hostile names. The decisions are computed with the rules module's pure
 * {@link DecisionEngine} on each account's records in the order they are sent, as the job's keyed operator sees
 * them.
 */
final class Traffic {

    enum Kind { VALID, HOSTILE_VALID, DUPLICATE, BAD }

    /** One Kafka record of {@code bank_transactions}. {@code id} is the bad record's key or the Transaction ID. */
    record Item(Kind kind, String id, byte[] key, byte[] value, String badKind) {
    }

    /** A valid transaction that must come out blocked, and the chunk it was sent in. */
    record Blocked(String transactionId, String account, String name, int chunk) {
    }

    final List<List<Item>> chunks = new ArrayList<>();
    /** Every expected blocked transaction by id, in sending order. */
    final Map<String, Blocked> blocked = new LinkedHashMap<>();
    /** Decided (not repeated) transactions per account: customer_risk's Total_Txns. */
    final Map<String, Long> decidedPerAccount = new HashMap<>();

    /**
     * @param valid      simulator transactions
     * @param duplicates repeats of distinct valid transactions, each sent right after its original
     * @param bad        malformed records (of which {@code huge} over 64 KB, {@code nulls} without value)
     * @param hostile    valid transactions of new accounts whose names are hostile, amount over 50,000
     */
    static Traffic generate(long seed, int chunkCount, int valid, int duplicates, int bad, int huge, int nulls,
                            int hostile) {
        return new Traffic(seed, chunkCount, valid, duplicates, bad, huge, nulls, hostile);
    }

    private Traffic(long seed, int chunkCount, int valid, int duplicates, int bad, int huge, int nulls,
                    int hostile) {
        SplittableRandom r = new SplittableRandom(seed);
        SimulatorConfig config = new SimulatorConfig(800, 5, 0, valid, Duration.ZERO, seed,
            Optional.of(LocalDateTime.of(2025, 3, 1, 12, 0)), true, Duration.ZERO);
        TransactionGenerator gen = new TransactionGenerator(config);
        // Positions (among the valid transactions) after which a duplicate, a bad or a hostile record follows.
        Set<Integer> dupAt = positions(r, valid, duplicates);
        Map<Integer, Integer> badAt = spread(r, valid, bad);
        Map<Integer, Integer> hostileAt = spread(r, valid, hostile);
        int perChunk = (valid + chunkCount - 1) / chunkCount;
        int badIndex = 0;
        int hostileIndex = 0;
        List<Item> chunk = null;
        for (int i = 0; i < valid; i++) {
            if (i % perChunk == 0) {
                chunk = new ArrayList<>();
                chunks.add(chunk);
            }
            Transaction t = gen.next().transaction();
            Item item = item(Kind.VALID, t);
            chunk.add(item);
            if (dupAt.contains(i)) {
                chunk.add(new Item(Kind.DUPLICATE, t.transactionId(), item.key(), item.value(), null));
            }
            for (int n = badAt.getOrDefault(i, 0); n > 0; n--, badIndex++) {
                chunk.add(badRecord(badIndex, bad, huge, nulls, t, r));
            }
            for (int n = hostileAt.getOrDefault(i, 0); n > 0; n--, hostileIndex++) {
                chunk.add(hostileRecord(hostileIndex, t));
            }
        }
        decide();
    }

    private static Item item(Kind kind, Transaction t) {
        return new Item(kind, t.transactionId(), t.accountNumber().getBytes(StandardCharsets.UTF_8), Json.toBytes(t),
            null);
    }

    private static Item badRecord(int index, int bad, int huge, int nulls, Transaction t, SplittableRandom r) {
        // the first ones over 64 KB, the last ones without a value, the rest cycling through the other kinds
        BadRecords.Kind kind = index < huge ? BadRecords.HUGE : index >= bad - nulls ? BadRecords.NULL_VALUE
            : BadRecords.KINDS.get(index % BadRecords.KINDS.size());
        String key = String.format("bad-%05d", index);
        return new Item(Kind.BAD, key, key.getBytes(StandardCharsets.UTF_8), kind.make().apply(t, r), kind.name());
    }

    /** A new account ({@code ACC9...}, the simulator's are random), ID {@code TRN99...}, at the neighbour's time. */
    private static Item hostileRecord(int index, Transaction neighbour) {
        String name = BadRecords.HOSTILE_NAMES.get(index % BadRecords.HOSTILE_NAMES.size()) + " #" + index;
        String account = String.format("ACC9%09d", index);
        String id = String.format("TRN99%09d", index);
        Transaction t = new Transaction(name, neighbour.address(), neighbour.email(), neighbour.city(),
            neighbour.state(), neighbour.country(), neighbour.phoneNumber(), account, neighbour.ipAddress(),
            neighbour.loginDevices(), neighbour.cardTypes(), neighbour.transactionTypes(), neighbour.cardNumber(),
            neighbour.usualTransactionAmount(), id, neighbour.transactionTime(), neighbour.currentLoginDevice(),
            neighbour.currentCardType(), neighbour.currentTransactionType(), 60_000 + index, Transaction.NO_FRAUD);
        return item(Kind.HOSTILE_VALID, t);
    }

    /** Runs the pure decision core over every valid record, per account in sending order. */
    private void decide() {
        RuleSet rules = RuleSet.defaults().resolved();
        Map<String, AccountHistory> histories = new HashMap<>();
        Map<String, AccountBlock> blocks = new HashMap<>();
        for (int c = 0; c < chunks.size(); c++) {
            for (Item item : chunks.get(c)) {
                if (item.kind() == Kind.BAD) {
                    continue;
                }
                Transaction t = Json.fromBytes(item.value(), Transaction.class);
                String account = t.accountNumber();
                DecisionEngine.Step step = DecisionEngine.step(t,
                    histories.computeIfAbsent(account, a -> new AccountHistory()), blocks.get(account), rules);
                if (step.duplicate() != (item.kind() == Kind.DUPLICATE)) {
                    throw new IllegalStateException("repeat not recognised as such (or a first seen as one): "
                        + item.id());
                }
                if (step.duplicate()) {
                    continue;
                }
                blocks.put(account, step.block());
                decidedPerAccount.merge(account, 1L, Long::sum);
                if (step.decision().decision() == FraudAlert.Decision.BLOCK) {
                    blocked.put(t.transactionId(), new Blocked(t.transactionId(), account, t.name(), c));
                }
            }
        }
    }

    /** Expected blocked transaction ids of the first {@code n} chunks. */
    Set<String> blockedThrough(int n) {
        Set<String> out = new LinkedHashSet<>();
        blocked.values().stream().filter(b -> b.chunk() < n).forEach(b -> out.add(b.transactionId()));
        return out;
    }

    /** Items of a kind in the first {@code n} chunks, by id. */
    Map<String, Item> itemsThrough(int n, Kind kind) {
        Map<String, Item> out = new LinkedHashMap<>();
        for (int c = 0; c < n; c++) {
            chunks.get(c).stream().filter(i -> i.kind() == kind).forEach(i -> out.put(i.id(), i));
        }
        return out;
    }

    long count(Kind kind) {
        return chunks.stream().flatMap(List::stream).filter(i -> i.kind() == kind).count();
    }

    private static Set<Integer> positions(SplittableRandom r, int range, int n) {
        Set<Integer> out = new HashSet<>();
        while (out.size() < n) {
            out.add(r.nextInt(range));
        }
        return out;
    }

    private static Map<Integer, Integer> spread(SplittableRandom r, int range, int n) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.merge(r.nextInt(range), 1, Integer::sum);
        }
        return out;
    }
}
