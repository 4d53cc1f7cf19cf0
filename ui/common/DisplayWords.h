#pragma once

#include "core/trace/Action.h"

#include <QCoreApplication>
#include <QString>

#include <string>

namespace warden::ui {

// The words the store keeps in English ("deny", "approval_required",
// "failed", "malicious") as a reviewer reads them, in the interface
// language, short enough for a table column and a chart legend at 1024 px
// (the detail pane says the rest in a sentence). Filters, colours and
// exports keep the stored words.
class DisplayWords {
    Q_DECLARE_TR_FUNCTIONS(DisplayWords)

public:
    static QString decision(const QString &stored);
    static QString runState(const QString &stored);
    static QString label(const QString &stored);
    // The label a run is shown with: a failed run is never "benign" (the
    // judge saw too little to clear it), it reads "run failed".
    static QString runLabel(const std::string &state, const std::string &label);
    // Where an action was seen (the gateway, the proxy, the code scanner, a system call).
    static QString source(ActionSource source);
};

} // namespace warden::ui
