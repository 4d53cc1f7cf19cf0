#include "core/mcp/McpToolDiff.h"

#include "core/json/JsonLookup.h"

namespace warden::McpToolDiff {

namespace {

// One line, whatever the server put in it: newlines shown as \n, cut short.
QString oneLine(const nlohmann::json &value)
{
    QString text = value.is_string()
                       ? QString::fromStdString(value.get<std::string>())
                       : QString::fromStdString(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n")).replace(QLatin1Char('\r'), QStringLiteral("\\r"));
    return text.size() > 400 ? text.left(400) + QStringLiteral("…") : text;
}

} // namespace

QStringList lines(const nlohmann::json &held)
{
    const QString tool = QString::fromStdString(JsonLookup::stringOr(held, "tool"));
    const QString now = QString::fromStdString(JsonLookup::stringOr(held, "now"));
    QStringList out;
    out << QStringLiteral("%1 changed since it was pinned: held (hidden from the agent, every call refused)").arg(tool);
    out << QStringLiteral("  pinned %1").arg(QString::fromStdString(JsonLookup::stringOr(held, "pinned")));
    out << QStringLiteral("  listed %1").arg(now);
    const nlohmann::json *was = JsonLookup::find(held, "was");
    const nlohmann::json *becomes = JsonLookup::find(held, "becomes");
    const nlohmann::json none;
    for (const char *field : {"description", "inputSchema"}) {
        const nlohmann::json *before = was && was->is_object() ? JsonLookup::find(*was, field) : nullptr;
        const nlohmann::json *after = becomes && becomes->is_object() ? JsonLookup::find(*becomes, field) : nullptr;
        if (was && was->is_object() && (before ? *before : none) == (after ? *after : none))
            continue;
        if (was && was->is_object())
            out << QStringLiteral("  - %1: %2").arg(QLatin1String(field), oneLine(before ? *before : none));
        out << QStringLiteral("  + %1: %2").arg(QLatin1String(field), oneLine(after ? *after : none));
    }
    if (!was || !was->is_object())
        out << QStringLiteral("  (the pinned definition was not listed in this run: the new one is shown)");
    out << QStringLiteral("  to accept it, pin it in the declaration: \"pinned\": \"%1\"").arg(now);
    return out;
}

} // namespace warden::McpToolDiff
