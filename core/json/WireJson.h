#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace warden::WireJson {

// Bounds for one document from outside the process.
struct Limits {
    std::size_t maxBytes = 1024 * 1024;
    // Containers inside containers. nlohmann parses iteratively, but copying
    // and dumping a tree recurse once per level: an agent's 120,000 nested
    // arrays overflowed the stack. The declaration reader uses the same 64.
    std::size_t maxDepth = 64;
};

// The one reader for JSON that came from outside the process: what an agent
// sends the gateway, what a client sends the control socket or a host, what
// a host sends a console, what a container engine answers. Refuses, before
// any tree is copied or dumped: more than maxBytes, nesting deeper than
// maxDepth, duplicate object keys (a second "verdict" silently winning is a
// bypass), invalid JSON and trailing bytes. Never throws; the error says why
// and names the JSON pointer where it can.
Result<nlohmann::json> parse(std::string_view text, Limits limits = {});

// Whether no container in `text` nests deeper than `maxDepth` (brackets
// inside strings do not count). A linear scan with no allocation.
bool nestingWithin(std::string_view text, std::size_t maxDepth);

// A record read back from the audit store: its own writer made it, but the
// file may have been edited, so nesting is bounded (128: an agent's 64
// levels inside a record's own) before nlohmann's fast parser runs. A
// discarded value when it is deeper or not JSON; never throws.
nlohmann::json parseStored(std::string_view text);

} // namespace warden::WireJson
