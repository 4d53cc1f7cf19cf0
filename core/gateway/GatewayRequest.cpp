#include "core/gateway/GatewayRequest.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

namespace warden {

Result<GatewayRequest> GatewayRequest::parse(std::string_view line)
{
    // The server bounds the line; the reader bounds the nesting.
    auto parsed = WireJson::parse(line, {.maxBytes = line.size(), .maxDepth = kMaxDepth});
    if (!parsed)
        return fail("request is " + parsed.error().message, parsed.error().field);
    const nlohmann::json &doc = *parsed;
    if (!doc.is_object())
        return fail("request must be a JSON object");
    for (const auto &[key, value] : doc.items())
        if (key != "id" && key != "tool" && key != "params" && key != "justification")
            return fail("unknown field \"" + key + "\"", "/" + key);
    GatewayRequest r;
    if (!doc.contains("id") || !doc.at("id").is_string() || doc.at("id").get<std::string>().empty() ||
        doc.at("id").get<std::string>().size() > kMaxIdLength)
        return fail("\"id\" must be a non-empty string of at most 64 characters", "/id");
    r.id = doc.at("id").get<std::string>();
    if (!doc.contains("tool") || !doc.at("tool").is_string() || doc.at("tool").get<std::string>().empty())
        return fail("\"tool\" must be a non-empty string", "/tool");
    r.tool = doc.at("tool").get<std::string>();
    if (doc.contains("params")) {
        if (!doc.at("params").is_object())
            return fail("\"params\" must be an object", "/params");
        r.params = doc.at("params");
    }
    if (doc.contains("justification")) {
        if (!doc.at("justification").is_string())
            return fail("\"justification\" must be a string", "/justification");
        r.justification = doc.at("justification").get<std::string>();
        if (r.justification.size() > kMaxJustification)
            return fail("\"justification\" is longer than 4096 bytes", "/justification");
    }
    return r;
}

std::string GatewayRequest::idOf(std::string_view line)
{
    auto doc = WireJson::parse(line, {.maxBytes = line.size(), .maxDepth = kMaxDepth});
    if (!doc)
        return {};
    auto id = JsonLookup::string(*doc, "id");
    return id && id->size() <= kMaxIdLength ? *id : std::string();
}

} // namespace warden
