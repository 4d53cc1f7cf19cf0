#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace warden {

// One attribute of a span or event: OpenTelemetry's AnyValue, as far as
// Warden uses it (a string, a flag, a whole number, a number, a list of strings).
struct OtlpAttribute {
    std::string key;
    std::variant<std::string, bool, std::int64_t, double, std::vector<std::string>> value;
};

struct OtlpEvent {
    std::uint64_t timeNs = 0;
    std::string name;
    std::vector<OtlpAttribute> attributes;
};

// A finished span, as OTLP's trace.v1.Span carries it.
struct OtlpSpan {
    enum Kind : int { Unspecified = 0, Internal = 1, Server = 2, Client = 3 };
    enum StatusCode : int { Unset = 0, Ok = 1, Error = 2 };
    std::array<std::uint8_t, 16> traceId{};
    std::array<std::uint8_t, 8> spanId{};
    std::array<std::uint8_t, 8> parentSpanId{}; // all zero for a root span
    std::string name;
    Kind kind = Internal;
    std::uint64_t startNs = 0;
    std::uint64_t endNs = 0;
    std::vector<OtlpAttribute> attributes;
    std::vector<OtlpEvent> events;
    StatusCode status = Unset;
    std::string statusMessage;
};

} // namespace warden
