package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.kafka.TopicAdmin;
import dev.fraudwatch.rules.RulesSettings;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The detection job as a component of {@code fraudwatch up}: runs {@link FraudDetectionJob} on an embedded Flink
 * MiniCluster inside this process, resuming from the newest retained checkpoint. Nothing starts on construction.
 */
public final class DetectorService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorService.class);
    private static final String WEB_UI_CLASS = "org.apache.flink.runtime.webmonitor.WebSubmissionExtension";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final DetectorConfig config;
    private final RulesSettings rules;
    private final KafkaSettings kafka;
    private final Function<Configuration, StreamExecutionEnvironment> environments;
    private volatile JobClient job;
    private volatile Optional<Path> restoredFrom = Optional.empty();
    private volatile int webPort = -1;

    public DetectorService(DetectorConfig config, RulesSettings rules, KafkaSettings kafka) {
        this(config, rules, kafka, null);
    }

    /** {@code environments}: how to get an execution environment (tests: a shared MiniCluster); null: embedded. */
    DetectorService(DetectorConfig config, RulesSettings rules, KafkaSettings kafka,
                    Function<Configuration, StreamExecutionEnvironment> environments) {
        this.config = config;
        this.rules = rules;
        this.kafka = kafka;
        this.environments = environments;
    }

    /** The service of {@code fraudwatch up}: {@code detector.*}, {@code flink.*} and {@code rules.*} settings. */
    public static DetectorService fromSettings(Settings settings, KafkaSettings kafka) {
        return new DetectorService(DetectorConfig.from(settings), RulesSettings.from(settings), kafka);
    }

    @Override
    public String name() {
        return "detection job (Flink)";
    }

    @Override
    public void start() throws Exception {
        if (!config.embedded()) {
            throw new ConfigException("Setting 'flink.rest.url' is " + config.restUrl() + ": the detection job is then "
                + "submitted to that cluster as a job jar (see detector/README.md), not run embedded; leave the "
                + "setting empty to run it inside FraudWatch.");
        }
        TopicAdmin.ensureTopics(kafka);
        restoredFrom = config.restoreLatest() ? Checkpoints.latest(config.checkpointDir()) : Optional.empty();
        restoredFrom.ifPresentOrElse(p -> LOG.info("Resuming the detection job from checkpoint {}", p),
            () -> LOG.info("No retained checkpoint in {}: the detection job starts afresh", config.checkpointDir()));
        Configuration conf = FlinkSetup.configuration(config, restoredFrom);
        StreamExecutionEnvironment env = environment(conf);
        KafkaEndpoints endpoints = KafkaEndpoints.of(kafka, config);
        new FraudDetectionJob(endpoints, endpoints, kafka.topics(), config, rules).build(env);
        job = env.executeAsync(config.jobName());
        awaitRunning();
        restoredFrom.ifPresent(p -> Checkpoints.pruneOlderRuns(config.checkpointDir(), p));
    }

    private StreamExecutionEnvironment environment(Configuration conf) {
        if (environments != null) {
            return environments.apply(conf);
        }
        if (config.webPort() >= 0 && webUiAvailable()) {
            Ports.requireFree("127.0.0.1", config.webPort(), "the Flink web UI", "flink.web.port");
            webPort = Ports.orFree(config.webPort());
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.PORT, webPort);
            return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        }
        return StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
    }

    private static boolean webUiAvailable() {
        try {
            Class.forName(WEB_UI_CLASS, false, DetectorService.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                LOG.info("Detection job {} running", job.getJobID());
                return;
            }
            if (status.isGloballyTerminalState()) {
                job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the detection job ended right after start: " + status);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the detection job was not running within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** The running job (after {@link #start()}), e.g. to wait for it or read its status. */
    public JobClient job() {
        return job;
    }

    /** The checkpoint this run resumed from, if any. */
    public Optional<Path> restoredFrom() {
        return restoredFrom;
    }

    @Override
    public List<String> endpoints() {
        List<String> out = new ArrayList<>();
        if (job != null) {
            out.add("job " + job.getJobID() + ", parallelism " + config.parallelism() + ", checkpoints in "
                + config.checkpointDir() + restoredFrom.map(p -> " (resumed from " + p.getFileName() + ")").orElse(""));
        }
        if (webPort > 0) {
            out.add("Flink web UI http://127.0.0.1:" + webPort + "/");
        }
        return out;
    }

    /** Cancels the job; its newest checkpoint is retained, and the next start resumes from it. */
    @Override
    public void close() {
        JobClient j = job;
        job = null;
        if (j == null) {
            return;
        }
        try {
            j.cancel().get(60, TimeUnit.SECONDS);
            j.getJobExecutionResult().handle((r, e) -> null).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Detection job {} did not cancel cleanly: {}", j.getJobID(), e.toString());
        }
    }
}
