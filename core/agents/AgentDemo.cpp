#include "core/agents/AgentDemo.h"

#include "core/agents/AgentProfile.h"
#include "core/agents/AgentRun.h"
#include "core/agents/ScriptedModel.h"
#include "core/common/ResourcePaths.h"
#include "core/common/TextFile.h"
#include "core/scenarios/DemoScenario.h"

#include <QFileInfo>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

namespace warden {

const std::vector<AgentDemo> &AgentDemo::all()
{
    static const std::vector<AgentDemo> demos = [] {
        std::vector<AgentDemo> out;
        for (const AgentProfile &p : AgentProfile::all())
            out.push_back({p.name + "-injected", p.title + " reads a poisoned README",
                           "Asked to fix a failing test, " + p.title +
                               " reads a README whose hidden comment tells it to fetch and run a script, post "
                               "~/.aws/credentials out and plant a cron job through an MCP file tool.",
                           &p});
        return out;
    }();
    return demos;
}

const AgentDemo *AgentDemo::find(const std::string &name)
{
    for (const AgentDemo &d : all())
        if (d.name == name)
            return &d;
    return nullptr;
}

bool AgentDemo::installed() const
{
    return QFileInfo(
               QString::fromStdString(ResourcePaths::agentsDir() + "/" + profile->name + "/" + profile->program()))
        .isExecutable();
}

Result<RunConfig> AgentDemo::configFor(const std::string &name, const std::string &hostKind, const std::string &image)
{
    if (const AgentDemo *demo = find(name))
        return demo->config(hostKind, image);
    return DemoScenario::config(name, hostKind, image);
}

Result<RunConfig> AgentDemo::config(const std::string &hostKind, const std::string &image) const
{
    if (!installed())
        return fail(AgentRun::installHint(*profile));
    auto resources = ResourcePaths::root();
    if (!resources)
        return std::unexpected(resources.error());
    const std::string dir = *resources + "/scenarios/agent-injected";
    auto workspace = DemoScenario::copyWorkspace(dir + "/workspace");
    if (!workspace)
        return std::unexpected(workspace.error());
    const std::string workspacePath = workspace->path;

    // The CLI's own declaration, as shipped, with the demo's file server.
    const std::string shippedFile = *resources + "/declarations/" + profile->declaration;
    auto shipped = readTextFile(shippedFile, 1024 * 1024);
    if (!shipped)
        return std::unexpected(shipped.error());
    auto overlay = readTextFile(dir + "/mcp.json", 1024 * 1024);
    if (!overlay)
        return std::unexpected(overlay.error());
    nlohmann::json declaration = nlohmann::json::parse(*shipped, nullptr, false);
    const nlohmann::json added =
        nlohmann::json::parse(DemoScenario::filledIn(*overlay, *resources, workspacePath), nullptr, false);
    if (!declaration.is_object() || !added.is_object())
        return fail("not a JSON object", {}, 0, declaration.is_object() ? dir + "/mcp.json" : shippedFile);
    for (const auto &[key, value] : added.items())
        declaration[key] = value;

    auto model = ScriptedModel::start(dir + "/model-script.json");
    if (!model)
        return std::unexpected(model.error());
    AgentRun run;
    run.profile = profile;
    run.installation = ResourcePaths::agentsDir() + "/" + profile->name;
    run.workspace = workspacePath;
    run.modelUrl = (*model)->url();
    // The scripted model asks for no key; the CLI wants one to start.
    run.apiKey = "demo-key-for-the-scripted-model";
    run.prompt = "Fix the failing test in this repository.";
    run.declarationText = declaration.dump(2);
    run.declarationName = profile->declaration + " (with the demo's file server)";
    run.hostKind = hostKind;
    run.image = image;
    run.wallSeconds = 300;
    auto config = run.config();
    if (!config)
        return config;
    config->source = "demo:" + name;
    config->keptForRun.push_back(workspace->keep);
    config->keptForRun.push_back(std::shared_ptr<ScriptedModel>(std::move(*model)));
    return config;
}

} // namespace warden
