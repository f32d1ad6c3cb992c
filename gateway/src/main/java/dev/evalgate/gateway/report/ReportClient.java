package dev.evalgate.gateway.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches {@code GET <gateway>/admin/runs/<id>} and posts suites to {@code POST
 * <gateway>/admin/estimate} of a running gateway. The key goes out as {@code Authorization: Bearer
 * <key>} and appears in no message.
 */
public final class ReportClient {

    /** How long to wait for the connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long to wait for the whole answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** How long to wait for an estimate (a large suite's tokens are counted one by one). */
    public static final Duration ESTIMATE_TIMEOUT = Duration.ofMinutes(2);

    /** Longest accepted run id, as the gateway's. */
    static final int MAX_RUN_ID_LENGTH = 128;

    /** Largest answer read; a run's report is a few kilobytes. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final HttpClient http;
    private final String base;
    private final String apiKey;

    private ReportClient(URI baseUrl, String apiKey) {
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        String s = baseUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.apiKey = apiKey;
    }

    /**
     * A client of the gateway at {@code baseUrl} (from {@link #baseUrl(String)}).
     *
     * @param apiKey the gateway key, or null when the admin API is open
     * @throws IllegalArgumentException if the key is empty or holds characters a header cannot
     */
    public static ReportClient of(URI baseUrl, String apiKey) {
        if (apiKey != null) {
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("the API key is empty");
            }
            for (int i = 0; i < apiKey.length(); i++) {
                char c = apiKey.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    throw new IllegalArgumentException(
                            "the API key holds a space, control or non-ASCII character");
                }
            }
        }
        return new ReportClient(baseUrl, apiKey);
    }

    /**
     * The gateway's base URL: absolute {@code http(s)} with a host, optionally a path prefix, no
     * credentials, query or fragment.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI baseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an absolute http(s) URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials in the URL: use --api-key");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("expected no query or fragment");
        }
        return uri;
    }

    /**
     * Whether the gateway would accept {@code id} as a run id: 1 to 128 characters of {@code A-Z
     * a-z 0-9 . _ : -}, not {@code .} or {@code ..}. All of them are safe in a URL path.
     */
    public static boolean validRunId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_RUN_ID_LENGTH) {
            return false;
        }
        if (id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || "._:-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The report of run {@code runId} (a {@linkplain #validRunId valid} id).
     *
     * @throws ReportUnavailableException if the gateway cannot be reached, answers an error or
     *     answers something other than a JSON object
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    public RunReport fetch(String runId) throws ReportUnavailableException, InterruptedException {
        if (!validRunId(runId)) {
            throw new IllegalArgumentException("invalid run id");
        }
        URI uri = URI.create(base + "/admin/runs/" + runId);
        HttpRequest.Builder req =
                HttpRequest.newBuilder(uri)
                        .timeout(REQUEST_TIMEOUT)
                        .header("accept", "application/json")
                        .GET();
        return RunReport.of(send(req), runId);
    }

    /**
     * The estimate of a suite before it runs, from {@code POST <gateway>/admin/estimate}.
     *
     * @param suite the suite: JSON Lines (one request body per line) or a JSON array of them
     * @param endpoint the API endpoint the suite calls: {@code chat/completions}, {@code
     *     completions}, {@code embeddings} or {@code messages} (sent as it is)
     * @param outputTokens the output tokens expected per call that sets no {@code max_tokens}
     * @param headers headers the suite's calls send that change routing or keys ({@code
     *     X-Eval-Pipeline}, {@code X-Eval-Check}, …), header-safe values
     * @throws ReportUnavailableException if the gateway cannot be reached, answers an error or
     *     answers something other than a JSON object
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    public SuiteEstimate estimate(
            byte[] suite, String endpoint, long outputTokens, Map<String, String> headers)
            throws ReportUnavailableException, InterruptedException {
        URI uri =
                URI.create(
                        base
                                + "/admin/estimate?endpoint="
                                + endpoint
                                + "&output_tokens="
                                + outputTokens);
        HttpRequest.Builder req =
                HttpRequest.newBuilder(uri)
                        .timeout(ESTIMATE_TIMEOUT)
                        .header("accept", "application/json")
                        .header("content-type", contentTypeOf(suite))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(suite));
        headers.forEach(req::header);
        return SuiteEstimate.of(send(req));
    }

    /** JSON for an array, JSON Lines otherwise (the gateway tells them apart itself). */
    private static String contentTypeOf(byte[] suite) {
        for (byte b : suite) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '[' ? "application/json" : "application/x-ndjson";
            }
        }
        return "application/x-ndjson";
    }

    /** Sends {@code req} with the key and returns the answer's JSON object. */
    private ObjectNode send(HttpRequest.Builder req)
            throws ReportUnavailableException, InterruptedException {
        if (apiKey != null) {
            req.header("authorization", "Bearer " + apiKey);
        }
        int status;
        byte[] body;
        try {
            HttpResponse<InputStream> r =
                    http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw new ReportUnavailableException(
                    "the gateway at " + base + " did not answer in time (" + e.getMessage() + ")",
                    e);
        } catch (IOException e) {
            throw new ReportUnavailableException(
                    "cannot reach the gateway at " + base + ": " + describe(e), e);
        }
        if (body.length > MAX_ANSWER_BYTES) {
            throw new ReportUnavailableException(
                    "the gateway's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        if (status != 200) {
            throw new ReportUnavailableException(errorMessage(status, body));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new ReportUnavailableException(
                    "the gateway's answer is not valid JSON: " + jsonProblem(e), e);
        }
        if (json == null || !json.isObject()) {
            throw new ReportUnavailableException("the gateway's answer is not a JSON object");
        }
        return (ObjectNode) json;
    }

    /** The OpenAI-shaped error's message, else the start of the body. */
    private static String errorMessage(int status, byte[] body) {
        String hint =
                status == 401 || status == 403
                        ? " (a gateway key is needed: --api-key or EVALGATE_API_KEY)"
                        : "";
        String message = null;
        try {
            JsonNode m = JSON.readTree(body).path("error").path("message");
            if (m.isTextual()) {
                message = m.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not the gateway's error shape: show the body's start below
        }
        if (message == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message =
                    text.isEmpty()
                            ? "(empty body)"
                            : text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        return "the gateway answered " + status + ": " + RunReport.printable(message) + hint;
    }

    private static String jsonProblem(IOException e) {
        if (e instanceof JsonProcessingException) {
            return ((JsonProcessingException) e).getOriginalMessage();
        }
        return e.getMessage();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        Throwable cause = e.getCause();
        if ((m == null || m.isBlank()) && cause != null) {
            m = cause.getMessage();
        }
        String kind = e.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            return e instanceof ConnectException ? "could not connect (" + kind + ")" : kind;
        }
        return kind + " (" + m + ")";
    }
}
