#include "core/investigate/OtlpExporter.h"

#include "core/investigate/OtlpEncoding.h"
#include "core/investigate/OtlpRunSpans.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>

namespace warden {

namespace {

bool printableHeaderText(std::string_view text)
{
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

Result<void> checkEndpoint(const std::string &url, const std::string &where)
{
    if (!(url.starts_with("http://") || url.starts_with("https://")) || url.size() > 2048 ||
        !printableHeaderText(url) || url.find(' ') != std::string::npos)
        return fail("is not an http or https URL", where);
    return {};
}

// "%2C" and friends: OTEL_EXPORTER_OTLP_HEADERS values are URL-encoded.
std::string percentDecoded(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

std::size_t discard(char *, std::size_t size, std::size_t count, void *)
{
    return size * count; // the collector's answer is not needed, and never kept
}

int abortWhenStopping(void *stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const std::atomic<bool> *>(stop)->load() ? 1 : 0;
}

} // namespace

Result<std::vector<std::string>> OtlpExporter::Options::headersFromEnvironment()
{
    std::vector<std::string> out;
    const char *headers = std::getenv("OTEL_EXPORTER_OTLP_HEADERS");
    std::string_view rest(headers ? headers : "");
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view pair = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto eq = pair.find('=');
        const std::string key = trimmed(pair.substr(0, eq));
        // The value may be a credential: never quoted back in an error.
        if (eq == std::string_view::npos || key.empty() || !std::all_of(key.begin(), key.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
            }))
            return fail("each entry must be name=value with a header name of letters, digits, - and _",
                        "OTEL_EXPORTER_OTLP_HEADERS");
        const std::string value = percentDecoded(trimmed(pair.substr(eq + 1)));
        if (!printableHeaderText(value))
            return fail("the value of " + key + " holds a control character", "OTEL_EXPORTER_OTLP_HEADERS");
        out.push_back(key + ": " + value);
    }
    return out;
}

Result<std::optional<OtlpExporter::Options>> OtlpExporter::Options::fromEnvironment()
{
    std::string endpoint;
    if (const char *traces = std::getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"); traces && *traces) {
        endpoint = traces;
        if (auto ok = checkEndpoint(endpoint, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"); !ok)
            return std::unexpected(ok.error());
    } else if (const char *base = std::getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); base && *base) {
        endpoint = base;
        if (auto ok = checkEndpoint(endpoint, "OTEL_EXPORTER_OTLP_ENDPOINT"); !ok)
            return std::unexpected(ok.error());
        endpoint += endpoint.ends_with('/') ? "v1/traces" : "/v1/traces";
    } else {
        return std::optional<Options>();
    }
    Options options;
    options.endpoint = std::move(endpoint);
    auto headers = headersFromEnvironment();
    if (!headers)
        return std::unexpected(headers.error());
    options.headers = std::move(*headers);
    return std::optional<Options>(std::move(options));
}

Result<OtlpExporter::Options> OtlpExporter::Options::forEndpoint(const std::string &endpoint)
{
    if (auto ok = checkEndpoint(endpoint, "--endpoint"); !ok)
        return std::unexpected(ok.error());
    auto headers = headersFromEnvironment();
    if (!headers)
        return std::unexpected(headers.error());
    Options options;
    options.endpoint = endpoint;
    options.headers = std::move(*headers);
    return options;
}

Result<std::int64_t> OtlpExporter::lastRecord(const std::string &databasePath)
{
    auto db = SqliteConnection::open(databasePath, SqliteConnection::Mode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    auto last = db->prepare("SELECT coalesce(max(id), 0) FROM audit");
    if (!last)
        return std::unexpected(last.error());
    auto row = last->step();
    if (!row)
        return std::unexpected(row.error());
    return *row ? last->columnInt(0) : 0;
}

Result<std::unique_ptr<OtlpExporter>> OtlpExporter::start(const std::string &databasePath, Options options)
{
    std::int64_t fromId = 0;
    if (options.after) {
        fromId = *options.after;
    } else if (!options.fromStart) {
        auto last = lastRecord(databasePath);
        if (!last)
            return std::unexpected(last.error());
        fromId = *last;
    }
    return std::unique_ptr<OtlpExporter>(new OtlpExporter(databasePath, std::move(options), fromId));
}

OtlpExporter::OtlpExporter(std::string databasePath, Options options, std::int64_t fromId)
    : m_path(std::move(databasePath)), m_options(std::move(options)), m_lastId(fromId)
{
    // Before the thread starts: its first read must already know them.
    m_follow.insert(m_options.runs.begin(), m_options.runs.end());
    m_thread = std::thread([this] { work(); });
}

OtlpExporter::~OtlpExporter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

OtlpExporter::Tally OtlpExporter::finish(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    m_finishing = true;
    m_wake.notify_all();
    if (!m_done.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_finished; })) {
        m_stop = true;
        m_wake.notify_all();
        if (m_tally.lastError.empty())
            m_tally.lastError = "the collector did not take every span within " + std::to_string(timeoutMs) + " ms";
    }
    lock.unlock();
    if (m_thread.joinable())
        m_thread.join();
    lock.lock();
    return m_tally;
}

bool OtlpExporter::send(const std::string &body, std::size_t spans)
{
    for (int attempt = 1;; ++attempt) {
        if (m_stop) {
            std::lock_guard lock(m_mutex);
            m_tally.lostSpans += static_cast<std::int64_t>(spans);
            return false;
        }
        CURL *curl = curl_easy_init();
        if (!curl)
            return false;
        curl_slist *list = nullptr;
        list = curl_slist_append(list, "Content-Type: application/x-protobuf");
        list = curl_slist_append(list, "Expect:");
        for (const auto &h : m_options.headers)
            list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(curl, CURLOPT_URL, m_options.endpoint.c_str());
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(m_options.requestTimeoutSeconds));
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &abortWhenStopping);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &m_stop);
        const CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        curl_easy_cleanup(curl);

        std::unique_lock lock(m_mutex);
        if (rc == CURLE_OK && status >= 200 && status < 300) {
            m_tally.spans += static_cast<std::int64_t>(spans);
            ++m_tally.batches;
            return true;
        }
        const bool retryable = rc != CURLE_OK || status == 429 || status == 502 || status == 503 || status == 504;
        if (!retryable || attempt >= m_options.maxAttempts || m_stop) {
            // Only a batch given up on is an error; a retry that went is not.
            m_tally.lastError = rc != CURLE_OK ? std::string("cannot reach the collector: ") + curl_easy_strerror(rc)
                                               : "the collector answered HTTP " + std::to_string(status);
            m_tally.lostSpans += static_cast<std::int64_t>(spans);
            return false;
        }
        ++m_tally.retries;
        // 250 ms, 500 ms, 1 s, ... at most 4 s; woken early only to stop.
        const auto backoff = std::chrono::milliseconds(std::min(4000, 250 << std::min(attempt - 1, 4)));
        m_wake.wait_for(lock, backoff, [this] { return m_stop.load(); });
    }
}

void OtlpExporter::work()
{
    std::vector<OtlpSpan> queued;
    try {
        exportLoop(queued);
    } catch (const std::exception &e) {
        // A thread that throws would end the process: the run goes on, its
        // export ends here, and says so.
        std::lock_guard lock(m_mutex);
        m_tally.lastError = std::string("the exporter failed: ") + e.what();
    }
    std::lock_guard lock(m_mutex);
    m_tally.lostSpans += static_cast<std::int64_t>(queued.size());
    m_finished = true;
    m_done.notify_all();
}

void OtlpExporter::exportLoop(std::vector<OtlpSpan> &queued)
{
    auto db = SqliteConnection::open(m_path, SqliteConnection::Mode::ReadOnly);
    if (!db) {
        std::lock_guard lock(m_mutex);
        m_tally.lastError = "cannot read the audit store: " + db.error().message;
        return;
    }
    auto read = db->prepare("SELECT id, time_ms, run_id, type, seq, payload FROM audit WHERE id > ? ORDER BY id "
                            "LIMIT 4096");
    if (!read) {
        std::lock_guard lock(m_mutex);
        m_tally.lastError = "cannot read the audit store: " + read.error().message;
        return;
    }
    std::map<std::string, OtlpRunSpans> runs;
    auto firstQueued = std::chrono::steady_clock::now();
    const auto queue = [&](std::vector<OtlpSpan> spans) {
        for (auto &span : spans) {
            if (queued.empty())
                firstQueued = std::chrono::steady_clock::now();
            queued.push_back(std::move(span));
        }
    };
    const auto flush = [&](bool all) {
        while (queued.size() >= m_options.batchSpans || (all && !queued.empty())) {
            const std::size_t n = std::min(queued.size(), m_options.batchSpans);
            std::vector<OtlpSpan> batch(std::make_move_iterator(queued.begin()),
                                        std::make_move_iterator(queued.begin() + static_cast<std::ptrdiff_t>(n)));
            queued.erase(queued.begin(), queued.begin() + static_cast<std::ptrdiff_t>(n));
            send(OtlpEncoding::exportRequest(batch), n);
            firstQueued = std::chrono::steady_clock::now(); // what is left waits anew
        }
    };
    while (true) {
        std::set<std::string> following;
        std::int64_t after = 0;
        bool finishing = false;
        {
            std::lock_guard lock(m_mutex);
            if (m_stop)
                return;
            following = m_follow;
            after = m_lastId;
            finishing = m_finishing;
        }
        int rows = 0;
        read->reset();
        read->bind(1, after);
        AuditRecord r;
        while (true) {
            auto row = read->step();
            if (!row) {
                std::lock_guard lock(m_mutex);
                m_tally.lastError = "cannot read the audit store: " + row.error().message;
                return; // not caught up: the tally says so
            }
            if (!*row)
                break;
            ++rows;
            r.id = read->columnInt(0);
            after = r.id;
            r.runId.assign(read->columnText(2));
            r.type.assign(read->columnText(3));
            if (m_options.newRuns && r.type == "run_started" && following.insert(r.runId).second) {
                std::lock_guard lock(m_mutex);
                m_follow.insert(r.runId);
            }
            if (!following.contains(r.runId))
                continue;
            r.timeMs = read->columnInt(1);
            r.seq = read->columnInt(4);
            r.payload.assign(read->columnText(5));
            auto it = runs.try_emplace(r.runId, r.runId).first;
            queue(it->second.add(r));
            if (it->second.ended()) {
                // Sent whole: a later record of it (an approval's last word)
                // is not followed, and a console's list of runs stays short.
                following.erase(r.runId);
                std::lock_guard lock(m_mutex);
                m_follow.erase(r.runId);
                runs.erase(it);
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_lastId = after;
        }
        const bool caughtUp = rows < 4096;
        if (finishing && caughtUp) {
            // A run that has not ended (still going, or ended by a crash
            // before its last record) is sent as far as it goes.
            const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
            for (auto &[runId, spans] : runs)
                queue(spans.unfinished(now));
            runs.clear();
            flush(true);
            std::lock_guard lock(m_mutex);
            m_tally.caughtUp = queued.empty() && !m_stop;
            return;
        }
        flush(std::chrono::steady_clock::now() - firstQueued >= std::chrono::milliseconds(m_options.batchDelayMs));
        if (caughtUp) {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::milliseconds(m_options.pollMs),
                            [this, finishing] { return m_stop.load() || (m_finishing && !finishing); });
        }
    }
}

} // namespace warden
