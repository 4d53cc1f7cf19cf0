#include "core/mcp/McpJudgedForm.h"

#include "core/json/JsonLookup.h"

namespace warden {

using nlohmann::json;

Result<McpJudgedForm> McpJudgedForm::of(const std::string &server, const std::string &method, const json &params)
{
    McpJudgedForm form;
    if (method == "resources/read" || method == "resources/subscribe" || method == "resources/unsubscribe") {
        const json *uri = JsonLookup::find(params, "uri");
        if (!uri || !uri->is_string())
            return fail(method + " needs a \"uri\"");
        form.tool = server + "." + method;
        form.params = {{"uri", *uri}};
        form.forwarded = form.params;
    } else if (method == "completion/complete") {
        // What the agent has typed so far goes to the server: judged like a
        // call ("SERVER.completion/complete"), in fields a declaration can
        // constrain: "ref" ("prompt:NAME" or "resource:URI"), "argument"
        // (its name) and "value". Only those go on (no "context").
        const json *ref = JsonLookup::find(params, "ref");
        const json *argument = JsonLookup::find(params, "argument");
        const std::string refType = ref ? JsonLookup::stringOr(*ref, "type") : std::string();
        const json *refName = ref ? JsonLookup::find(*ref, refType == "ref/resource" ? "uri" : "name") : nullptr;
        const json *argName = argument ? JsonLookup::find(*argument, "name") : nullptr;
        const json *value = argument ? JsonLookup::find(*argument, "value") : nullptr;
        if ((refType != "ref/prompt" && refType != "ref/resource") || !refName || !refName->is_string() || !argName ||
            !argName->is_string() || !value || !value->is_string()) {
            return fail("completion/complete needs a \"ref\" (a prompt's name or a resource's uri) and an "
                        "\"argument\" with a \"name\" and a \"value\"");
        }
        form.tool = server + ".completion/complete";
        form.params = {{"ref", (refType == "ref/prompt" ? "prompt:" : "resource:") + refName->get<std::string>()},
                       {"argument", *argName},
                       {"value", *value}};
        form.forwarded = {{"ref", {{"type", refType}, {refType == "ref/resource" ? "uri" : "name", *refName}}},
                          {"argument", {{"name", *argName}, {"value", *value}}}};
    } else {
        // prompts/get: judged as the prompt itself, "SERVER.prompts/NAME",
        // with its arguments as parameters (strings, as MCP has them), the
        // way a tool is judged with its arguments.
        const json *name = JsonLookup::find(params, "name");
        const json *arguments = JsonLookup::find(params, "arguments");
        if (!name || !name->is_string() || name->get_ref<const std::string &>().empty() ||
            name->get_ref<const std::string &>().size() > 128 || (arguments && !arguments->is_object())) {
            return fail("prompts/get needs a \"name\" of at most 128 bytes (and \"arguments\", an object)");
        }
        form.tool = server + ".prompts/" + name->get<std::string>(); // judged as sent, never cut
        form.params = arguments ? *arguments : json::object();
        form.forwarded = {{"name", *name}, {"arguments", form.params}};
    }
    return form;
}

json McpJudgedForm::progressToken(const json &params)
{
    if (const json *meta = JsonLookup::find(params, "_meta"); meta && meta->is_object())
        if (const json *t = JsonLookup::find(*meta, "progressToken");
            t && (t->is_number_integer() || (t->is_string() && t->get_ref<const std::string &>().size() <= 256)))
            return *t;
    return nullptr;
}

} // namespace warden
