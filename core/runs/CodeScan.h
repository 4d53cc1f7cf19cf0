#pragma once

#include "core/common/Error.h"
#include "core/trace/Action.h"

#include <QObject>

#include <functional>
#include <string>
#include <vector>

namespace warden {

// The static scan of code a code-interpreter tool is about to run: the
// scanner script, in a bubblewrap sandbox of its own (256 MiB, no network),
// reads the code on stdin and prints the actions it would take, one JSON
// object a line. Fails closed: a scanner that is missing, cannot start,
// crashes, overruns its time or prints nothing readable is an error, and
// code that was not scanned does not run.
class CodeScan {
public:
    static constexpr int kSeconds = 20;
    static constexpr qint64 kMaxOutput = 1024 * 1024;

    // `done` runs on `owner`'s thread with the actions found (source
    // "scanner", seq to be assigned) or why the code could not be scanned;
    // never, if `owner` is gone by then.
    static void start(const std::string &scannerRoot, const std::string &scannerScript, const std::string &code,
                      QObject *owner, const std::function<void(Result<std::vector<Action>>)> &done);
};

} // namespace warden
