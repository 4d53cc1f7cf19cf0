#include "core/scenarios/CustomRun.h"

#include "core/common/ResourcePaths.h"
#include "core/sandbox/BindPolicy.h"

namespace warden {

Result<RunConfig> CustomRun::config() const
{
    if (!declaration)
        return fail("a run needs a declaration", "declaration");
    if (argv.empty())
        return fail("a run needs a command", "argv");
    if (hostKind != "bwrap" && hostKind != "docker")
        return fail("host kind must be bwrap or docker, not \"" + hostKind + "\"", "host");
    auto resources = ResourcePaths::root();
    if (!resources)
        return std::unexpected(resources.error());
    RunConfig config;
    config.declaration = declaration;
    config.source = "run";
    config.hostKind = hostKind;
    config.sandbox.image = image;
    config.sandbox.argv = argv;
    config.sandbox.binds = {{*resources + "/agent", "/opt/warden", false}};
    if (!dataDir.empty()) {
        if (auto ok = BindPolicy::checkDataDirectory(dataDir); !ok)
            return std::unexpected(ok.error());
        config.sandbox.binds.push_back({dataDir, "/data", false});
    }
    if (wallSeconds > 0)
        config.sandbox.wallSeconds = wallSeconds;
    return config;
}

} // namespace warden
