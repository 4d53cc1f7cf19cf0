#include "core/agents/AgentRun.h"
#include "core/common/SandboxContract.h"

#include "core/common/ResourcePaths.h"
#include "core/egress/AddressGuard.h"
#include "core/policy/Declaration.h"
#include "core/policy/HostName.h"
#include "core/policy/Url.h"
#include "core/sandbox/BindPolicy.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QTemporaryDir>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace warden {

namespace {

std::string expand(std::string text, const std::string &modelUrl)
{
    const std::string key = "${MODEL_URL}";
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + modelUrl.size()))
        text.replace(at, key.size(), modelUrl);
    return text;
}

} // namespace

std::string AgentRun::installHint(const AgentProfile &profile)
{
    auto resources = ResourcePaths::root();
    return profile.title + " is not installed in " + ResourcePaths::agentsDir() + "/" + profile.name +
           "; install it with: " + (resources ? *resources : std::string("resources")) + "/agents/install-agents.sh " +
           profile.name;
}

Result<std::shared_ptr<const Declaration>> AgentRun::declaration() const
{
    nlohmann::json doc = nlohmann::json::parse(declarationText, nullptr, false);
    if (!doc.is_object())
        return fail("the declaration is not a JSON object", {}, 0, declarationName);
    const std::string base = modelUrl.empty() ? profile->defaultModelUrl : modelUrl;
    auto url = Url::parse(base);
    if (!url || (url->scheme != "http" && url->scheme != "https") || !url->userinfo.empty())
        return fail("the model's URL must be http or https, without a user name or password", "model-url");
    const std::string destination = HostName::display(url->host, url->port);
    auto add = [&](const char *field) {
        nlohmann::json &list = doc[field];
        if (!list.is_array())
            list = nlohmann::json::array();
        if (std::find(list.begin(), list.end(), destination) == list.end())
            list.push_back(destination);
    };
    // Behind the model door, the provider of the CLI's API is where the
    // model is: the person's URL replaces the declaration's.
    if (doc.contains("models") && doc["models"].is_object())
        for (auto &[name, provider] : doc["models"].items())
            if (provider.is_object() && provider.value("api", "") == modelApiName(profile->api) && !modelUrl.empty())
                provider["url"] = modelUrl;
    // A declaration that is not an object or list here is refused by the
    // parser below, naming the field; only a missing list is made.
    if (!doc.contains("destinations") || doc["destinations"].is_array())
        add("destinations");
    const QHostAddress literal(QString::fromStdString(url->host));
    const bool internal = url->host == "localhost" || (!literal.isNull() && AddressGuard::restriction(literal));
    if (internal && (!doc.contains("internal_destinations") || doc["internal_destinations"].is_array()))
        add("internal_destinations");
    auto parsed = Declaration::parse(doc.dump(2), declarationName);
    if (!parsed)
        return std::unexpected(parsed.error());
    return std::make_shared<const Declaration>(std::move(*parsed));
}

void AgentRun::addMcpServers(const Declaration &declared, std::map<std::string, std::string> &files,
                             std::vector<std::string> &arguments) const
{
    if (declared.mcpServers.empty())
        return;
    // Every declared server through the relay Warden puts in the sandbox;
    // the CLI never starts or reaches a server itself.
    nlohmann::json servers = nlohmann::json::object();
    std::string toml;
    for (const auto &[name, server] : declared.mcpServers) {
        servers[name] = {{"command", contract::kMcpRelay}, {"args", {name}}};
        toml += "\n[mcp_servers." + name + "]\ncommand = \"" + std::string(contract::kMcpRelay) + "\"\nargs = [\"" +
                name + "\"]\n";
    }
    if (profile->name == "claude-code") {
        files[".warden-mcp.json"] = nlohmann::json{{"mcpServers", servers}}.dump(2) + "\n";
        arguments = {"--mcp-config", std::string(AgentProfile::kHomePath) + "/.warden-mcp.json"};
    } else if (profile->name == "codex") {
        files[".codex/config.toml"] += toml;
    } else if (profile->name == "gemini") {
        nlohmann::json settings = nlohmann::json::parse(files[".gemini/settings.json"], nullptr, false);
        if (!settings.is_object())
            settings = nlohmann::json::object();
        settings["mcpServers"] = servers;
        files[".gemini/settings.json"] = settings.dump(2) + "\n";
    }
}

Result<RunConfig> AgentRun::config() const
{
    if (!profile)
        return fail("no agent CLI named", "agent");
    const QString program = QString::fromStdString(installation + "/" + profile->program());
    if (!QFileInfo(program).isExecutable())
        return fail(installHint(*profile));
    // The agent's home is the run's alone, and gone after it, unless one is given.
    std::shared_ptr<QTemporaryDir> madeHome;
    std::string homePath = home;
    if (homePath.empty()) {
        madeHome = std::make_shared<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/warden-agent-home-XXXXXX"));
        if (!madeHome->isValid())
            return fail("cannot make the agent's home in " + QDir::tempPath().toStdString());
        QFile::setPermissions(madeHome->path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        homePath = madeHome->path().toStdString();
    }
    for (const std::string *dir : {&workspace, static_cast<const std::string *>(&homePath)})
        if (!QFileInfo(QString::fromStdString(*dir)).isDir())
            return fail("not a directory", {}, 0, *dir);
    if (auto ok = BindPolicy::checkDataDirectory(workspace); !ok)
        return std::unexpected(ok.error());
    // As root the sandbox is a user of its own, who must be able to pass
    // through every directory above the workspace and the installation
    // (the directories themselves are handed over for the run).
    if (::getuid() == 0)
        for (const std::string *dir : {&workspace, &installation, static_cast<const std::string *>(&homePath)})
            for (QString up = QFileInfo(QString::fromStdString(*dir)).absolutePath(); up != QLatin1String("/");
                 up = QFileInfo(up).absolutePath())
                if (!(QFileInfo(up).permissions() & QFileDevice::ExeOther))
                    return fail("the run's sandbox user cannot pass through this directory (it needs o+x) to reach " +
                                    *dir,
                                {}, 0, up.toStdString());
    auto declared = declaration();
    if (!declared)
        return std::unexpected(declared.error());
    // Behind the model door (the declaration names a provider of the CLI's
    // API), the CLI's base URL is the door in the sandbox and its key a
    // stand-in canary: the real key stays with the warden.
    const bool door = (*declared)->modelFor(profile->api) != nullptr;
    const std::string base = door               ? "http://127.0.0.1:" + std::to_string(contract::kModelPort)
                             : modelUrl.empty() ? profile->defaultModelUrl
                                                : modelUrl;
    std::map<std::string, std::string> files;
    for (const auto &[relative, content] : profile->homeFiles)
        files[relative] = expand(content, base);
    std::vector<std::string> mcpArguments;
    addMcpServers(**declared, files, mcpArguments);
    for (const auto &[relative, text] : files) {
        const QString path = QString::fromStdString(homePath + "/" + relative);
        QFile file(path);
        if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !file.open(QIODevice::WriteOnly) ||
            file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()))
            return fail("cannot write the agent's settings", {}, 0, path.toStdString());
    }
    RunConfig config;
    config.declaration = *declared;
    config.source = "agent:" + profile->name;
    config.hostKind = hostKind;
    config.sandbox.image = image;
    for (const std::string &word : profile->command)
        config.sandbox.argv.push_back(config.sandbox.argv.empty() || word.starts_with("node_modules/")
                                          ? std::string(AgentProfile::kInstallPath) + "/" + word
                                          : word);
    config.sandbox.argv.push_back(prompt);
    config.sandbox.argv.insert(config.sandbox.argv.end(), profile->afterPrompt.begin(), profile->afterPrompt.end());
    config.sandbox.argv.insert(config.sandbox.argv.end(), mcpArguments.begin(), mcpArguments.end());
    config.sandbox.binds = {{installation, AgentProfile::kInstallPath, false},
                            {workspace, AgentProfile::kWorkspacePath, true},
                            {homePath, AgentProfile::kHomePath, true}};
    config.sandbox.workdir = AgentProfile::kWorkspacePath;
    config.sandbox.assembledRoot = true;    // /agent and /workspace are not in the image
    config.sandbox.mountPoints = {"/home"}; // the image's /home is read-only: an empty one, for /home/agent
    config.sandbox.env = {{"HOME", AgentProfile::kHomePath}, {"TERM", "dumb"}, {"NO_COLOR", "1"}};
    for (const auto &[key, value] : profile->env)
        config.sandbox.env.emplace_back(key, expand(value, base));
    if (door) { // the key variable holds the run's stand-in (LiveRun), the door the key
        if (!apiKey.empty())
            config.modelKeys[(*declared)->modelFor(profile->api)->name] = apiKey;
    } else if (!profile->apiKeyVariable.empty()) {
        config.sandbox.env.emplace_back(profile->apiKeyVariable, apiKey.empty() ? "warden-no-key" : apiKey);
    }
    // What a CLI with its helpers needs: Node's address space, a few hundred processes.
    config.sandbox.memoryMb = 4096;
    config.sandbox.pids = 512;
    config.sandbox.tmpfsMb = 256;
    config.sandbox.wallSeconds = wallSeconds;
    config.handedDirs = {workspace, homePath};
    if (madeHome)
        config.keptForRun.push_back(madeHome);
    return config;
}

} // namespace warden
