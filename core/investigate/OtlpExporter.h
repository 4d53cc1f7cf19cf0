#pragma once

#include "core/common/Error.h"
#include "core/investigate/OtlpSpan.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace warden {

// Sends runs to an OpenTelemetry collector (OTLP over HTTP, protobuf) as
// they are recorded. It follows the audit store on a thread of its own and
// its own read-only connection, so it exports only what is committed (the
// record comes first, as for anything that leaves), and no decision ever
// waits for it: a slow or absent collector makes it fall behind the store,
// never the agent. Spans go in batches; a failed batch is retried with
// backoff (connection errors, 429, 502, 503, 504), then counted as lost.
class OtlpExporter {
public:
    struct Options {
        std::string endpoint;             // the traces URL, e.g. http://collector:4318/v1/traces
        std::vector<std::string> headers; // "Name: value", e.g. an authorization header
        std::size_t batchSpans = 512;
        int batchDelayMs = 1000; // a smaller batch goes after this long
        int maxAttempts = 6;
        int pollMs = 200;
        // Where to read from: after this record (OtlpExporter::lastRecord
        // taken before a run starts); else the store's first record with
        // fromStart, else its end when the exporter starts.
        std::optional<std::int64_t> after;
        bool fromStart = false;
        std::vector<std::string> runs; // the runs whose records are sent
        bool newRuns = false;          // and every run that starts after `after` (a console, a host)
        int requestTimeoutSeconds = 10;

        // OpenTelemetry's own variables: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
        // (used as is), else OTEL_EXPORTER_OTLP_ENDPOINT (+ "/v1/traces"),
        // and OTEL_EXPORTER_OTLP_HEADERS ("k=v,k2=v2"). nullopt when no
        // endpoint is set; an error naming the variable when one is malformed.
        static Result<std::optional<Options>> fromEnvironment();
        // An endpoint given on the command line (http or https), with the
        // headers of OTEL_EXPORTER_OTLP_HEADERS.
        static Result<Options> forEndpoint(const std::string &endpoint);
        static Result<std::vector<std::string>> headersFromEnvironment();
        // Headers (a collector's credentials, often) that would cross the
        // network in clear text.
        bool headersInClear() const { return !headers.empty() && endpoint.starts_with("http://"); }
    };
    struct Tally {
        std::int64_t spans = 0; // accepted by the collector
        std::int64_t batches = 0;
        std::int64_t retries = 0;
        std::int64_t lostSpans = 0; // in batches that failed every attempt or were refused
        bool caughtUp = false;      // every committed record of the followed runs was read
        std::string lastError;      // empty when every batch went
    };

    static Result<std::unique_ptr<OtlpExporter>> start(const std::string &databasePath, Options options);
    // The id of the store's last record (0 when empty).
    static Result<std::int64_t> lastRecord(const std::string &databasePath);
    ~OtlpExporter();

    // Reads what is committed now, sends it, and stops, waiting at most
    // `timeoutMs`; what could not be sent by then stays in the store only.
    Tally finish(int timeoutMs);

private:
    OtlpExporter(std::string databasePath, Options options, std::int64_t fromId);
    void work();
    // Reads the store and sends what it finds until stopped or finished;
    // spans not yet sent stay in `queued` (counted as lost by work()).
    void exportLoop(std::vector<OtlpSpan> &queued);
    bool send(const std::string &body, std::size_t spans);

    std::string m_path;
    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::set<std::string> m_follow;
    std::int64_t m_lastId = 0;
    bool m_finishing = false;
    std::atomic<bool> m_stop = false; // also read by libcurl's progress callback
    bool m_finished = false;
    Tally m_tally;
    std::thread m_thread;
};

} // namespace warden
