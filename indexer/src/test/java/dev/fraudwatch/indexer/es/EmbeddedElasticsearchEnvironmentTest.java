package dev.fraudwatch.indexer.es;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedElasticsearchEnvironmentTest {

    @Test
    void nodeDoesNotInheritTheClassPathOrJvmOptionsOfThisJvm() {
        Map<String, String> env = new HashMap<>(Map.of("CLASSPATH", "/root/.m2/a.jar:/root/.m2/b.jar",
            "JAVA_TOOL_OPTIONS", "-javaagent:x.jar", "PATH", "/usr/bin", "ES_JAVA_HOME", "/jdk"));
        EmbeddedElasticsearch.withoutInheritedJvmSettings(env);
        assertThat(env).containsOnlyKeys("PATH", "ES_JAVA_HOME");
    }
}
