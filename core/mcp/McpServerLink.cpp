#include "core/mcp/McpServerLink.h"

namespace warden {

McpServerLink::~McpServerLink() = default;

} // namespace warden
