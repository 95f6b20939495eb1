package dev.fraudwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Talks to a Flink session cluster through its REST API (the one behind the web UI): upload and run a job jar,
 * list jobs, stop a job with a savepoint. Works against any Flink 2.x cluster whose JobManager has
 * flink-runtime-web (needed for {@code /jars}).
 */
public final class FlinkRestClient {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED");

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;

    public FlinkRestClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(60));
    }

    public FlinkRestClient(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET /overview}: TaskManagers, slots, jobs by state, Flink version. */
    public JsonNode overview() {
        return send(get("/overview"));
    }

    /**
     * Uploads {@code jar} and runs {@code entryClass} from it; returns the job id.
     *
     * @param parallelism 0 = the cluster's {@code parallelism.default}
     * @param savepoint   savepoint (or retained checkpoint) to restore state from; null for a fresh start
     */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism, String savepoint) {
        return run(uploadJar(jar), entryClass, args, parallelism, savepoint);
    }

    /** {@code POST /jars/upload}; returns the jar id Flink gave it. */
    public String uploadJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Job jar " + jar + " does not exist.");
        }
        String boundary = "fraudwatch-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        try {
            BodyPublisher body = BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofFile(jar),
                BodyPublishers.ofString(tail));
            JsonNode r = send(request("/jars/upload").header("Content-Type", "multipart/form-data; boundary="
                + boundary).POST(body).build());
            String filename = r.path("filename").asText();
            return filename.substring(filename.lastIndexOf('/') + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read job jar " + jar + ": " + e.getMessage(), e);
        }
    }

    /** {@code POST /jars/<id>/run}; returns the job id. */
    public String run(String jarId, String entryClass, List<String> args, int parallelism, String savepoint) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (entryClass != null) {
            body.put("entryClass", entryClass);
        }
        body.putPOJO("programArgsList", List.copyOf(args));
        if (parallelism > 0) {
            body.put("parallelism", parallelism);
        }
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            // A renamed or removed operator must fail the restore rather than silently drop its state.
            body.put("allowNonRestoredState", false);
        }
        return send(post("/jars/" + jarId + "/run", body)).path("jobid").asText();
    }

    /** A job as {@code GET /jobs/overview} lists it. */
    public record JobSummary(String id, String name, String state, long startTime) {
    }

    public List<JobSummary> jobs() {
        List<JobSummary> out = new ArrayList<>();
        for (JsonNode j : send(get("/jobs/overview")).path("jobs")) {
            out.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                j.path("start-time").asLong()));
        }
        return out;
    }

    /** {@code GET /jobs/<id>}: state and vertices. */
    public JsonNode job(String jobId) {
        return send(get("/jobs/" + jobId));
    }

    /**
     * Waits until the job and every one of its tasks run (a job is RUNNING before its tasks are deployed).
     * Fails at once when the job reaches a terminal state, with Flink's root exception.
     */
    public void waitUntilRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "unknown";
        while (System.nanoTime() < deadline) {
            JsonNode job = job(jobId);
            last = job.path("state").asText();
            if (TERMINAL.contains(last)) {
                throw new IllegalStateException("Flink job " + jobId + " is " + last + ": " + rootException(jobId));
            }
            if ("RUNNING".equals(last) && allTasksRunning(job)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("Flink job " + jobId + " did not get all its tasks running within "
            + timeout.toSeconds() + " s (job state " + last + ").");
    }

    private static boolean allTasksRunning(JsonNode job) {
        JsonNode vertices = job.path("vertices");
        if (vertices.isEmpty()) {
            return false;
        }
        for (JsonNode v : vertices) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The job's latest root exception (first line of its stack trace), or "" when none. */
    public String rootException(String jobId) {
        JsonNode ex = send(get("/jobs/" + jobId + "/exceptions"));
        String trace = ex.path("root-exception").asText("");
        if (trace.isEmpty() && ex.path("exceptionHistory").path("entries").size() > 0) {
            trace = ex.path("exceptionHistory").path("entries").get(0).path("stacktrace").asText("");
        }
        return trace.lines().findFirst().orElse("");
    }

    /** First lines of the failures in the job's exception history, newest first (each caused a restart). */
    public List<String> exceptionHistory(String jobId) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : send(get("/jobs/" + jobId + "/exceptions")).path("exceptionHistory").path("entries")) {
            out.add(e.path("exceptionName").asText() + ": " + e.path("stacktrace").asText("").lines().findFirst()
                .orElse("") + " (" + e.path("taskManagerId").asText("") + ")");
        }
        return out;
    }

    /** The resource ids of the TaskManagers running at least one task of the job. */
    public Set<String> taskManagersOf(String jobId) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : job(jobId).path("vertices")) {
            for (JsonNode tm : send(get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers"))
                .path("taskmanagers")) {
                if ("RUNNING".equals(tm.path("status").asText())) {
                    out.add(tm.path("taskmanager-id").asText());
                }
            }
        }
        return out;
    }

    /**
     * Stop-with-savepoint ({@code POST /jobs/<id>/stop}): takes a savepoint in {@code targetDirectory}, then stops
     * the job, so nothing is processed after the savepoint. Waits for it; returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (targetDirectory != null) {
            body.put("targetDirectory", targetDirectory);
        }
        body.put("drain", false);
        String trigger = send(post("/jobs/" + jobId + "/stop", body)).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = send(get("/jobs/" + jobId + "/savepoints/" + trigger));
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    String cause = op.path("failure-cause").path("stack-trace").asText("").lines().findFirst()
                        .orElse(op.path("failure-cause").toString());
                    throw new IllegalStateException("Savepoint of job " + jobId + " failed: " + cause);
                }
                return op.path("location").asText();
            }
            pause();
        }
        throw new IllegalStateException("Savepoint of job " + jobId + " did not complete within "
            + timeout.toSeconds() + " s.");
    }

    /** Cancels the job without a savepoint ({@code PATCH /jobs/<id>?mode=cancel}). */
    public void cancel(String jobId) {
        send(request("/jobs/" + jobId + "?mode=cancel").method("PATCH", BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout);
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, JsonNode body) {
        return request(path).header("Content-Type", "application/json")
            .POST(BodyPublishers.ofByteArray(Json.toBytes(body))).build();
    }

    /** Sends, and turns Flink's {@code {"errors": [...]}} answers and unreachability into one readable message. */
    private JsonNode send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new FlinkUnreachableException(baseUrl, e);
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("Flink REST API at " + baseUrl + " did not answer " + request.method()
                + " " + request.uri().getPath() + " within " + requestTimeout.toSeconds() + " s.", e);
        } catch (IOException e) {
            throw new FlinkUnreachableException(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Flink at " + baseUrl, e);
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Flink REST API at " + baseUrl + " answered " + request.uri().getPath()
                + " with status " + response.statusCode() + " and a body that is not JSON.", e);
        }
        if (response.statusCode() >= 300) {
            List<String> errors = new ArrayList<>();
            body.path("errors").forEach(e -> errors.add(summary(e.asText())));
            throw new IllegalStateException("Flink REST API " + request.method() + " " + request.uri().getPath()
                + " failed with status " + response.statusCode() + ": " + String.join("; ", errors));
        }
        return body;
    }

    /** First line of a server-side stack trace plus its root cause, which is where Flink says what went wrong. */
    private static String summary(String trace) {
        List<String> lines = trace.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        String root = lines.stream().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse(null);
        return root == null ? lines.get(0) : lines.get(0) + " ... " + root;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Flink", e);
        }
    }

    /** Nothing answers at the configured address. */
    public static final class FlinkUnreachableException extends IllegalStateException {
        FlinkUnreachableException(String url, Throwable cause) {
            super("Flink REST API at " + url + " is unreachable (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "); check setting flink.rest.url "
                + "or --flink-rest, and that the JobManager runs.", cause);
        }
    }
}
