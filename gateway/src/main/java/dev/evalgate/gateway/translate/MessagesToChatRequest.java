package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.OPENAI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** An Anthropic Messages request as an OpenAI Chat Completions request. */
final class MessagesToChatRequest {
    /** OpenAI's limit on {@code stop}. */
    static final int MAX_STOP_SEQUENCES = 4;

    private MessagesToChatRequest() {}

    static ObjectNode translate(ObjectNode request, String upstreamModel)
            throws UntranslatableException {
        Fields in = Fields.of(request, "", OPENAI);
        ObjectNode out = Json.object();
        in.take("model");
        out.put("model", upstreamModel);
        MessagesToChatConversation.translate(in, out);
        JsonNode maxTokens = in.take("max_tokens");
        if (maxTokens != null) {
            out.set("max_tokens", maxTokens);
        }
        for (String name : new String[] {"temperature", "top_p"}) {
            JsonNode value = in.take(name);
            if (value != null) {
                out.set(name, value);
            }
        }
        ArrayNode stop = in.array("stop_sequences");
        if (stop != null && !stop.isEmpty()) {
            if (stop.size() > MAX_STOP_SEQUENCES) {
                throw UntranslatableException.refused(
                        "stop_sequences",
                        null,
                        OPENAI,
                        "it takes at most " + MAX_STOP_SEQUENCES + " stop sequences");
            }
            out.set("stop", stop);
        }
        MessagesToChatTools.translate(in, out);
        outputConfig(in, out);
        JsonNode stream = in.take("stream");
        if (stream != null) {
            if (!stream.isBoolean()) {
                throw UntranslatableException.invalid("stream", "a boolean");
            }
            out.set("stream", stream);
            if (stream.booleanValue()) {
                out.putObject("stream_options").put("include_usage", true);
            }
        }
        metadata(in, out);
        in.refuse("top_k", "it has no top-k sampling");
        JsonNode thinking = in.take("thinking");
        if (thinking != null && !thinking.path("type").asText().equals("disabled")) {
            throw UntranslatableException.refused(
                    "thinking",
                    null,
                    OPENAI,
                    "Chat Completions has no extended thinking; reasoning models are"
                            + " configured differently");
        }
        in.drop("service_tier");
        in.refuseRest();
        return out;
    }

    private static void outputConfig(Fields in, ObjectNode out) throws UntranslatableException {
        JsonNode value = in.take("output_config");
        if (value == null) {
            return;
        }
        Fields config = Fields.of(value, "output_config", OPENAI);
        config.refuse("effort", "Chat Completions has no effort setting for every model");
        JsonNode formatValue = config.take("format");
        if (formatValue != null) {
            Fields format = Fields.of(formatValue, "output_config.format", OPENAI);
            String type = format.requiredText("type");
            if (!type.equals("json_schema")) {
                throw UntranslatableException.refused(
                        format.path("type"),
                        TextNode.valueOf(type),
                        OPENAI,
                        "only json_schema formats translate");
            }
            ObjectNode schema =
                    out.putObject("response_format")
                            .put("type", "json_schema")
                            .putObject("json_schema")
                            .put("name", "response");
            schema.set("schema", format.required("schema"));
            schema.put("strict", true);
            format.refuseRest();
        }
        config.refuseRest();
    }

    private static void metadata(Fields in, ObjectNode out) throws UntranslatableException {
        JsonNode value = in.take("metadata");
        if (value == null) {
            return;
        }
        Fields metadata = Fields.of(value, "metadata", OPENAI);
        String user = metadata.text("user_id");
        if (user != null) {
            out.put("user", user);
        }
        metadata.refuseRest();
    }
}
