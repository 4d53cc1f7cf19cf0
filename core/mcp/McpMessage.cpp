#include "core/mcp/McpMessage.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

namespace warden {

namespace {

McpMessage invalid(std::string why, const nlohmann::json &id = nullptr)
{
    McpMessage m;
    m.why = std::move(why);
    m.id = McpMessage::validId(id) ? id : nlohmann::json(nullptr);
    return m;
}

} // namespace

bool McpMessage::validId(const nlohmann::json &id)
{
    return id.is_string() ? id.get_ref<const std::string &>().size() <= kMaxId : id.is_number_integer();
}

McpMessage McpMessage::parse(std::string_view line, std::size_t maxBytes)
{
    auto parsed = WireJson::parse(line, {.maxBytes = maxBytes, .maxDepth = 64});
    if (!parsed)
        return invalid("not JSON: " + parsed.error().message);
    return fromJson(*parsed);
}

McpMessage McpMessage::fromJson(const nlohmann::json &m)
{
    // One object per line: JSON-RPC batches left MCP in 2025-06-18.
    if (!m.is_object())
        return invalid("not one JSON-RPC object");
    if (auto known = JsonLookup::onlyKnownFields(m, {"jsonrpc", "id", "method", "params", "result", "error"}); !known)
        return invalid("unknown field \"" + known.error().field.substr(1, 32) + "\"");
    auto version = m.find("jsonrpc");
    if (version == m.end() || *version != "2.0")
        return invalid("\"jsonrpc\" is not \"2.0\"");
    auto id = m.find("id");
    auto method = m.find("method");
    auto params = m.find("params");
    auto result = m.find("result");
    auto error = m.find("error");
    const nlohmann::json idValue = id == m.end() ? nlohmann::json(nullptr) : *id;
    McpMessage out;
    if (method != m.end()) {
        if (!method->is_string() || method->get_ref<const std::string &>().empty() ||
            method->get_ref<const std::string &>().size() > kMaxMethod)
            return invalid("\"method\" is not a method name", idValue);
        if (result != m.end() || error != m.end())
            return invalid("a request has no \"result\" or \"error\"", idValue);
        if (params != m.end() && !params->is_object())
            return invalid("\"params\" is not an object", idValue);
        if (id != m.end() && !validId(*id))
            return invalid("\"id\" is not a string or an integer");
        out.kind = id == m.end() ? Kind::Notification : Kind::Request;
        out.id = idValue;
        out.method = method->get<std::string>();
        if (params != m.end())
            out.params = *params;
        return out;
    }
    if (params != m.end())
        return invalid("a response has no \"params\"", idValue);
    if (id == m.end() || (!id->is_null() && !validId(*id)))
        return invalid("a response needs the \"id\" it answers");
    if ((result == m.end()) == (error == m.end()))
        return invalid("a response has one of \"result\" and \"error\"", idValue);
    if (result != m.end()) {
        if (!result->is_object())
            return invalid("\"result\" is not an object", idValue);
        out.result = *result;
    } else {
        auto code = error->is_object() ? error->find("code") : error->end();
        auto message = error->is_object() ? error->find("message") : error->end();
        if (!error->is_object() || code == error->end() || !code->is_number_integer() || message == error->end() ||
            !message->is_string())
            return invalid("\"error\" needs an integer \"code\" and a \"message\"", idValue);
        out.error = *error;
    }
    out.kind = Kind::Response;
    out.id = idValue;
    return out;
}

nlohmann::json McpMessage::errorReply(const nlohmann::json &id, int code, const std::string &message)
{
    return {{"jsonrpc", "2.0"},
            {"id", validId(id) ? id : nlohmann::json(nullptr)},
            {"error", {{"code", code}, {"message", message}}}};
}

} // namespace warden
