package dev.fraudwatch.indexer.kibana;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code fraudwatch kibana import --url URL}: loads the "Fraud Monitoring" dashboard into a Kibana. */
@Command(name = "kibana", mixinStandardHelpOptions = true,
    description = "Kibana saved objects of the Fraud Monitoring dashboard.",
    subcommands = {KibanaCommand.Import.class})
public final class KibanaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: import");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import the data views, visualizations and dashboard into Kibana "
            + "(POST /api/saved_objects/_import?overwrite=true).")
    public static final class Import implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Kibana base URL, e.g. "
            + "http://127.0.0.1:5601 (the original's port).")
        URI url;

        @Option(names = "--username", paramLabel = "USER", description = "Basic-auth user.")
        String username;

        @Option(names = "--password", paramLabel = "PASSWORD", interactive = true, arity = "0..1",
            description = "Basic-auth password (prompted when given without a value).")
        String password;

        @Option(names = "--api-key", paramLabel = "KEY", description = "API key (the base64 encoded form).")
        String apiKey;

        @Option(names = "--file", paramLabel = "FILE",
            description = "Saved-objects .ndjson to import. Default: the bundled fraud-monitoring.ndjson.")
        Path file;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "--url must be an http:// or https:// URL such as "
                    + "http://127.0.0.1:5601, got '" + url + "'.");
            }
            if (apiKey != null && username != null) {
                throw new ParameterException(spec.commandLine(), "Use either --username/--password or --api-key.");
            }
            if (username != null && password == null) {
                throw new ParameterException(spec.commandLine(), "--username needs --password.");
            }
            String auth = apiKey != null ? KibanaImporter.apiKey(apiKey)
                : username != null ? KibanaImporter.basic(username, password) : null;
            byte[] ndjson = file == null ? FraudMonitoringDashboard.bundled() : Files.readAllBytes(file);
            String name = file == null ? "fraud-monitoring.ndjson" : file.getFileName().toString();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            try {
                KibanaImporter.Result r = new KibanaImporter(http, url, auth).importObjects(ndjson, name);
                out.println("Kibana imported " + r.successCount() + " saved objects from " + name + ".");
                out.println(r.body());
                out.flush();
                return 0;
            } catch (KibanaImporter.KibanaImportException e) {
                err.println("Import into " + url + " failed. " + e.getMessage());
                err.flush();
                return 1;
            } catch (java.io.IOException e) {
                // a refused connection carries no message, only its type
                err.println("Cannot reach Kibana at " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                err.flush();
                return 1;
            }
        }
    }
}
