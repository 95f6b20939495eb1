package dev.fraudwatch.launcher;

import dev.fraudwatch.cluster.FlinkRestClient;
import dev.fraudwatch.cluster.JobSubmission;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The detection job on an existing Flink session cluster ({@code up --flink-rest URL}): the same job jar as
 * {@code fraudwatch job submit}, uploaded and run through Flink's REST API. Stopping FraudWatch leaves the job
 * running on the cluster (that is what a cluster is for); {@code fraudwatch job cancel} stops it.
 */
final class RemoteDetectorService implements Service {

    private final Settings settings;
    private final KafkaSettings kafka;
    private final String restUrl;
    private volatile String jobId;

    RemoteDetectorService(Settings settings, KafkaSettings kafka, String restUrl) {
        this.settings = settings;
        this.kafka = kafka;
        this.restUrl = restUrl;
    }

    @Override
    public String name() {
        return "detection job (Flink cluster)";
    }

    @Override
    public void start() {
        int parallelism = settings.find("flink.parallelism").map(Integer::parseInt).orElse(0);
        Path jar = JobSubmission.jobJar(settings);
        List<String> args = JobSubmission.programArgs(settings, kafka, parallelism,
            JobSubmission.localClusterCheckpoints(settings, restUrl));
        FlinkRestClient flink = new FlinkRestClient(restUrl);
        String id = flink.submit(jar, settings.get("cluster.job.entry-class"), args, parallelism,
            settings.find("flink.savepoint").orElse(null));
        flink.waitUntilRunning(id, Duration.ofSeconds(settings.getInt("cluster.job.timeout-seconds")));
        jobId = id;
    }

    @Override
    public List<String> endpoints() {
        return Optional.ofNullable(jobId).map(id -> List.of("job " + id + " on " + restUrl + "/#/job/running/" + id
            + " (keeps running after Ctrl-C; stop it with 'fraudwatch job cancel " + id + " --savepoint DIR')"))
            .orElse(List.of());
    }

    @Override
    public void close() {
        // The job belongs to the cluster now; see the class comment.
    }
}
