#pragma once

#include "core/store/RunReader.h"

#include <string>

namespace warden {

// An incident report for one stored run, as one self-contained HTML page:
// the verdict and its evidence, a timeline picture, the approvals with who
// decided and when, the actions, and the declaration with its hash. Every
// value that came from an agent is escaped. The console prints the same
// HTML to PDF.
class IncidentReport {
public:
    struct Options {
        std::string timelineImage; // an <img> src (data: URI or resource name); none when empty
        std::string chainStatus;   // the audit chain check, in one sentence
        std::string generatedAt;   // ISO 8601
        std::string storePath;
        // Beyond this many, only actions that were not plainly allowed, or
        // that the verdict names as evidence, are listed.
        std::size_t maxActions = 2000;

        // Options for a report on a run of `storePath`, made now: the chain is
        // verified here so the report can say whether its record is intact.
        static Options forStore(const std::string &storePath);
    };

    static std::string html(const RunDetail &run, const Options &options);
    static std::string escape(std::string_view text);
};

} // namespace warden
