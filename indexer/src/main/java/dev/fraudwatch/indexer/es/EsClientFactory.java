package dev.fraudwatch.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.json.Json;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * Builds the Elasticsearch Java API client ({@code RestClientTransport} over the low-level REST client, Jackson
 * mapping) from {@link ElasticsearchSettings}: basic auth or API key, and TLS trusting a given CA. Closing the
 * returned client closes its connections.
 */
public final class EsClientFactory {

    private EsClientFactory() {
    }

    public static ElasticsearchClient create(ElasticsearchSettings s) {
        RestClientBuilder b;
        try {
            b = RestClient.builder(HttpHost.create(s.url()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Setting '" + ElasticsearchSettings.URL + "' is not a valid URL: '" + s.url()
                + "' (" + e.getMessage() + ").");
        }
        if (s.apiKey() != null) {
            b.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + s.apiKey())});
        }
        SSLContext ssl = s.caFile() == null ? null : sslTrusting(s.caFile());
        b.setHttpClientConfigCallback(http -> {
            if (s.username() != null) {
                BasicCredentialsProvider creds = new BasicCredentialsProvider();
                creds.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(s.username(), s.password()));
                http.setDefaultCredentialsProvider(creds);
            }
            if (ssl != null) {
                http.setSSLContext(ssl);
            }
            return http;
        });
        int timeout = (int) s.requestTimeout().toMillis();
        b.setRequestConfigCallback(r -> r.setConnectTimeout(Math.min(timeout, 5000)).setSocketTimeout(timeout));
        // a copy: the client's mapper configures the ObjectMapper it is given, and Json.MAPPER is shared; the client
        // reads documents out of a larger response, which the trailing-token check would reject
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(Json.MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        RestClientTransport transport = new RestClientTransport(b.build(), mapper);
        return new ElasticsearchClient(transport);
    }

    /** An SSL context trusting exactly the certificates in the PEM file {@code caFile}. */
    static SSLContext sslTrusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new ConfigException("CA file " + caFile + " (setting '" + ElasticsearchSettings.CA_FILE
                    + "') holds no certificate.");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("Cannot use CA file " + caFile + " (setting '" + ElasticsearchSettings.CA_FILE
                + "'): " + e.getMessage());
        }
    }
}
