#pragma once

#include <QString>

namespace warden::ui {

// A real agent CLI on the person's workspace, as the agent launcher asks
// for it (wardenctl agent's fields).
struct AgentLaunch {
    QString cli;       // an AgentProfile's name: claude-code, codex, gemini
    QString workspace; // writable at /workspace, the working directory
    QString prompt;
    QString modelUrl;        // empty: the vendor's
    QString declarationFile; // empty: the one Warden ships for the CLI
    // "bwrap", "docker" (DOCKER_HOST's engine) or a Docker host's id.
    QString host = QStringLiteral("bwrap");
};

} // namespace warden::ui
