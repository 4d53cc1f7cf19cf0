#include "ui/common/DisplayWords.h"

namespace warden::ui {

QString DisplayWords::decision(const QString &stored)
{
    if (stored == QLatin1String("allow"))
        return tr("allowed");
    if (stored == QLatin1String("deny"))
        return tr("denied");
    if (stored == QLatin1String("approval_required"))
        return tr("waiting");
    if (stored == QLatin1String("approved"))
        return tr("approved");
    if (stored == QLatin1String("rejected"))
        return tr("rejected");
    if (stored == QLatin1String("expired"))
        return tr("expired");
    return stored;
}

QString DisplayWords::runState(const QString &stored)
{
    if (stored == QLatin1String("starting"))
        return tr("starting");
    if (stored == QLatin1String("running"))
        return tr("running");
    if (stored == QLatin1String("finished"))
        return tr("finished");
    if (stored == QLatin1String("failed"))
        return tr("failed");
    if (stored == QLatin1String("killed"))
        return tr("killed");
    return stored;
}

QString DisplayWords::label(const QString &stored)
{
    if (stored == QLatin1String("benign"))
        return tr("benign");
    if (stored == QLatin1String("suspicious"))
        return tr("suspicious");
    if (stored == QLatin1String("malicious"))
        return tr("malicious");
    if (stored == QLatin1String("failed"))
        return tr("run failed");
    return stored;
}

QString DisplayWords::runLabel(const std::string &state, const std::string &label)
{
    if (state == "failed" && (label.empty() || label == "benign"))
        return tr("run failed");
    return label.empty() ? tr("not judged") : DisplayWords::label(QString::fromStdString(label));
}

QString DisplayWords::source(ActionSource source)
{
    switch (source) {
    case ActionSource::Gateway: return tr("gateway");
    case ActionSource::Proxy: return tr("proxy");
    case ActionSource::Scanner: return tr("scanner");
    case ActionSource::Syscall: return tr("syscall");
    case ActionSource::Runtime: return tr("runtime");
    case ActionSource::Mcp: return tr("MCP");
    case ActionSource::Model: return tr("model door");
    case ActionSource::Unknown: break;
    }
    return tr("unknown");
}

} // namespace warden::ui
