package dev.evalgate.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the gateway's YAML configuration: parses it, substitutes {@code ${VAR}} and {@code
 * ${VAR:-default}} in string values from the given environment ({@code $${} is a literal {@code
 * ${}), validates every section collecting all problems, and only then builds {@link
 * GatewayConfig}. A bad value is reported, never repaired.
 *
 * <p>Routing semantics fixed here: when several providers list the same model, exactly or by
 * glob, the first declared provider serves it. An alias may not share its name with a model a
 * provider lists exactly, since a client could not tell which one it gets; an alias that a glob
 * happens to match is allowed, and the alias wins.
 *
 * <p>An empty section ({@code aliases:} with nothing under it) is the same as an absent one.
 * Strings must be YAML strings: quote values YAML would read as numbers or booleans.
 */
public final class ConfigLoader {

    /** Classpath resource of the embedded default configuration. */
    static final String DEFAULT_RESOURCE = "evalgate-default.yaml";

    // Decimals are read exactly, never through a double: money and prices are bound from them.
    // Trailing zeros are kept so that a value is shown as written (2.50, not 2.5).
    private static final YAMLMapper YAML =
            YAMLMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .build();

    private ConfigLoader() {}

    /**
     * Loads the config file; {@code env} resolves its {@code ${VAR}} references (pass {@code
     * System.getenv()} in production).
     *
     * @throws ConfigException listing every problem, or that the file cannot be read
     */
    public static GatewayConfig load(Path file, Map<String, String> env) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    file.toString(), List.of("cannot read file (" + readFailure(e) + ")"));
        }
        return parse(yaml, file.toString(), env);
    }

    /**
     * Parses config text.
     *
     * @param sourceName names the text in problems, such as the file name
     * @throws ConfigException listing every problem
     */
    public static GatewayConfig parse(String yaml, String sourceName, Map<String, String> env)
            throws ConfigException {
        Objects.requireNonNull(env, "env");
        Problems problems = new Problems();
        JsonNode root = readTree(yaml, problems);
        GatewayConfig config = null;
        if (problems.isEmpty()) {
            EnvSubstitution.apply(root, env, problems);
            config = new ConfigBinder(problems).bind(root);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems.lines());
        }
        return config;
    }

    /**
     * The configuration embedded in the jar: a local simulator at {@code
     * ${EVALGATE_SIMULATOR_URL}}, two eval aliases, passthrough auth. Used when no file is given.
     *
     * @throws ConfigException when {@code EVALGATE_SIMULATOR_URL} is unset or invalid
     */
    public static GatewayConfig embeddedDefault(Map<String, String> env) throws ConfigException {
        String source = "classpath:" + DEFAULT_RESOURCE;
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/" + DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ConfigException(source, List.of("cannot read resource (not found)"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), source, env);
        } catch (IOException e) {
            throw new ConfigException(
                    source, List.of("cannot read resource (" + readFailure(e) + ")"));
        }
    }

    /**
     * The effective configuration as YAML, defaults filled in and secrets shown as {@code ****},
     * for one start-up log entry.
     */
    public static String describe(GatewayConfig config) {
        return ConfigDescriber.describe(config);
    }

    // Jackson's MarkedYAMLException is deprecated but is its only type that gives the problem
    // and its position apart from the message, which quotes the line and so maybe a secret.
    @SuppressWarnings("deprecation")
    private static JsonNode readTree(String yaml, Problems problems) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonNode root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                problems.add(
                        location(parser.currentTokenLocation().getLineNr(), 1),
                        "a second document (expected: one YAML document)");
            }
            return root;
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where =
                    mark == null
                            ? location(e.getLocation().getLineNr(), e.getLocation().getColumnNr())
                            : location(mark.getLine() + 1, mark.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            problems.add(where, "invalid YAML (" + problem + ")");
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            if (reason.startsWith("Duplicate field ")) {
                reason = "duplicate key " + reason.substring("Duplicate field ".length());
            }
            problems.add(
                    location(e.getLocation().getLineNr(), e.getLocation().getColumnNr()),
                    "invalid YAML (" + reason.lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            problems.add(Problems.ROOT, "invalid YAML (" + readFailure(e) + ")");
        }
        return null;
    }

    private static String location(int line, int column) {
        return "line " + line + ", column " + column;
    }

    /** Why a file could not be read, without its path: the caller names the file. */
    static String readFailure(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
