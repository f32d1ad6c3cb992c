package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.ANTHROPIC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** An OpenAI Chat Completions request as an Anthropic Messages request. */
final class ChatToMessagesRequest {
    private ChatToMessagesRequest() {}

    static ObjectNode translate(ObjectNode request, String upstreamModel, int defaultMaxTokens)
            throws UntranslatableException {
        Fields in = Fields.of(request, "", ANTHROPIC);
        ObjectNode out = Json.object();
        in.take("model");
        out.put("model", upstreamModel);
        ChatToMessagesConversation.translate(in, out);
        out.put("max_tokens", maxTokens(in, defaultMaxTokens));
        samplingParameters(in, out);
        ChatToMessagesTools.translate(in, out);
        responseFormat(in, out);
        JsonNode stream = in.take("stream");
        if (stream != null) {
            if (!stream.isBoolean()) {
                throw UntranslatableException.invalid("stream", "a boolean");
            }
            out.set("stream", stream);
        }
        String user = in.text("user");
        if (user != null) {
            out.putObject("metadata").put("user_id", user);
        }
        refusals(in);
        in.drop(
                "stream_options",
                "metadata",
                "store",
                "service_tier",
                "prompt_cache_key",
                "safety_identifier");
        in.refuseRest();
        return out;
    }

    private static int maxTokens(Fields in, int defaultMaxTokens) throws UntranslatableException {
        Integer completion = positiveInt(in, "max_completion_tokens");
        Integer legacy = positiveInt(in, "max_tokens");
        if (completion != null && legacy != null && !completion.equals(legacy)) {
            throw UntranslatableException.invalid(
                    "max_tokens", "the same value as max_completion_tokens, or only one of them");
        }
        if (completion != null) {
            return completion;
        }
        return legacy != null ? legacy : defaultMaxTokens;
    }

    private static Integer positiveInt(Fields in, String name) throws UntranslatableException {
        JsonNode value = in.take(name);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() < 1) {
            throw UntranslatableException.invalid(in.path(name), "a positive integer");
        }
        return value.asInt();
    }

    private static void samplingParameters(Fields in, ObjectNode out)
            throws UntranslatableException {
        JsonNode temperature = in.take("temperature");
        if (temperature != null) {
            if (!temperature.isNumber()) {
                throw UntranslatableException.invalid("temperature", "a number");
            }
            if (temperature.doubleValue() > 1) {
                throw UntranslatableException.refused(
                        "temperature",
                        temperature,
                        ANTHROPIC,
                        "its temperature range is 0 to 1; rescaling would change the sampling"
                                + " the eval asked for");
            }
            out.set("temperature", temperature);
        }
        JsonNode topP = in.take("top_p");
        if (topP != null) {
            out.set("top_p", topP);
        }
        JsonNode stop = in.take("stop");
        if (stop != null) {
            ArrayNode sequences = Json.array();
            if (stop.isTextual()) {
                sequences.add(stop);
            } else if (stop.isArray()) {
                for (JsonNode s : stop) {
                    if (!s.isTextual()) {
                        throw UntranslatableException.invalid("stop", "a string or strings");
                    }
                    sequences.add(s);
                }
            } else {
                throw UntranslatableException.invalid("stop", "a string or an array of strings");
            }
            if (!sequences.isEmpty()) {
                out.set("stop_sequences", sequences);
            }
        }
    }

    private static void responseFormat(Fields in, ObjectNode out) throws UntranslatableException {
        JsonNode value = in.take("response_format");
        if (value == null) {
            return;
        }
        Fields format = Fields.of(value, "response_format", ANTHROPIC);
        String type = format.requiredText("type");
        switch (type) {
            case "text" -> {}
            case "json_object" ->
                    throw UntranslatableException.refused(
                            "response_format.type",
                            TextNode.valueOf(type),
                            ANTHROPIC,
                            "it has no schema-free JSON mode, and an instruction in the prompt would not"
                                    + " be the guarantee JSON mode is; send a json_schema"
                                    + " response_format, which Anthropic enforces");
            case "json_schema" -> {
                Fields schema =
                        Fields.of(
                                format.required("json_schema"),
                                "response_format.json_schema",
                                ANTHROPIC);
                schema.requiredText("name");
                schema.refuse(
                        "description",
                        "its structured outputs take a schema only; put the description in the"
                                + " prompt");
                JsonNode body = schema.required("schema");
                schema.drop("strict");
                schema.refuseRest();
                ObjectNode outputFormat =
                        out.putObject("output_config")
                                .putObject("format")
                                .put("type", "json_schema");
                outputFormat.set("schema", body);
            }
            default ->
                    throw UntranslatableException.refused(
                            "response_format.type",
                            TextNode.valueOf(type),
                            ANTHROPIC,
                            "it knows json_schema structured outputs only");
        }
        format.refuseRest();
    }

    private static void refusals(Fields in) throws UntranslatableException {
        in.refuseUnless("n", IntNode.valueOf(1), "it returns one answer per request");
        in.refuse(
                "seed",
                "it has no seeded sampling; the gateway's cache is what makes eval answers"
                        + " repeatable");
        in.refuseUnless(
                "logprobs", BooleanNode.FALSE, "it does not return token log probabilities");
        in.refuseUnless(
                "top_logprobs", IntNode.valueOf(0), "it does not return token log probabilities");
        in.refuseUnless("presence_penalty", IntNode.valueOf(0), "it has no presence penalty");
        in.refuseUnless("frequency_penalty", IntNode.valueOf(0), "it has no frequency penalty");
        in.refuseUnless("logit_bias", Json.object(), "it has no logit bias");
        in.refuseUnless("modalities", Json.array().add("text"), "it answers in text only");
        in.refuse("audio", "it answers in text only");
        in.refuse("prediction", "it has no predicted outputs");
        in.refuse("web_search_options", "web search is a server tool there, not a request option");
        in.refuse("reasoning_effort", "its extended thinking is configured differently");
        in.refuse("verbosity", "it has no verbosity setting");
        in.refuse("functions", "use tools, which translate");
        in.refuse("function_call", "use tool_choice, which translates");
    }
}
