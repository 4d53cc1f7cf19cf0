#pragma once

#include "policy/Declaration.h"
#include "policy/PolicyEngine.h"
#include "trace/Action.h"

#include <QByteArray>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <string>

namespace warden::test {

// QCOMPARE prints QByteArrays on failure; std::string it cannot.
inline QByteArray bytes(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

inline std::string sourceDir()
{
    return WARDEN_SOURCE_DIR;
}

inline std::string binaryDir()
{
    return WARDEN_BINARY_DIR;
}

inline std::shared_ptr<const Declaration> declaration(const std::string &text)
{
    auto d = Declaration::parse(text, "test.json");
    if (!d)
        qFatal("test declaration invalid: %s", d.error().toString().c_str());
    return std::make_shared<const Declaration>(std::move(*d));
}

inline Action action(const std::string &json)
{
    auto a = Action::fromJson(nlohmann::json::parse(json));
    if (!a)
        qFatal("test action invalid: %s", a.error().toString().c_str());
    return std::move(*a);
}

} // namespace warden::test
