#pragma once

#include <nlohmann/json.hpp>

#include <vector>

namespace warden {

// What an MCP server offers, as it lists it (McpToolLister, for `wardenctl
// declare`): its tools, prompts, resources and resource templates, each as
// the server wrote it, and whether it completes arguments and takes
// subscriptions.
struct McpListing {
    std::vector<nlohmann::json> tools;
    std::vector<nlohmann::json> prompts;
    std::vector<nlohmann::json> resources;
    std::vector<nlohmann::json> templates;
    bool completions = false;
    bool subscriptions = false;
};

} // namespace warden
