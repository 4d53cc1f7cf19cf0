#include "core/investigate/OtlpEncoding.h"

#include <bit>

namespace warden::OtlpEncoding {

namespace {

// The protobuf wire format, as much of it as these messages need: varints,
// fixed64, doubles and length-delimited fields. A nested message is written
// into its own buffer, then copied in after its length.
class Writer {
public:
    void varint(std::uint64_t v)
    {
        while (v >= 0x80) {
            m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        m_out.push_back(static_cast<char>(v));
    }
    void tag(int field, int wireType)
    {
        varint((static_cast<std::uint64_t>(field) << 3) | static_cast<unsigned>(wireType));
    }
    void bytes(int field, std::string_view data)
    {
        tag(field, 2);
        varint(data.size());
        m_out.append(data);
    }
    void string(int field, std::string_view text)
    {
        if (!text.empty())
            bytes(field, text);
    }
    void uint(int field, std::uint64_t v)
    {
        if (v == 0)
            return;
        tag(field, 0);
        varint(v);
    }
    void fixed64(int field, std::uint64_t v)
    {
        if (v == 0)
            return;
        tag(field, 1);
        little64(v);
    }
    void little64(std::uint64_t v)
    {
        for (int i = 0; i < 8; ++i)
            m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    void message(int field, const Writer &inner) { bytes(field, inner.m_out); }
    const std::string &data() const { return m_out; }

private:
    std::string m_out;
};

template <std::size_t N>
std::string_view raw(const std::array<std::uint8_t, N> &id)
{
    return {reinterpret_cast<const char *>(id.data()), N};
}

// common.v1.AnyValue: string_value 1, bool_value 2, int_value 3,
// double_value 4, array_value 5 (ArrayValue: values 1).
Writer anyValue(const OtlpAttribute &a)
{
    Writer v;
    if (const auto *s = std::get_if<std::string>(&a.value)) {
        v.bytes(1, *s); // written even when empty: an empty string is a value
    } else if (const auto *b = std::get_if<bool>(&a.value)) {
        v.tag(2, 0);
        v.varint(*b ? 1 : 0);
    } else if (const auto *i = std::get_if<std::int64_t>(&a.value)) {
        v.tag(3, 0);
        v.varint(static_cast<std::uint64_t>(*i));
    } else if (const auto *d = std::get_if<double>(&a.value)) {
        v.tag(4, 1);
        v.little64(std::bit_cast<std::uint64_t>(*d));
    } else if (const auto *list = std::get_if<std::vector<std::string>>(&a.value)) {
        Writer array;
        for (const auto &item : *list) {
            Writer element;
            element.bytes(1, item);
            array.message(1, element);
        }
        v.message(5, array);
    }
    return v;
}

// common.v1.KeyValue: key 1, value 2.
void attributes(Writer &into, int field, const std::vector<OtlpAttribute> &list)
{
    for (const auto &a : list) {
        Writer kv;
        kv.string(1, a.key);
        kv.message(2, anyValue(a));
        into.message(field, kv);
    }
}

// trace.v1.Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6,
// start 7, end 8, attributes 9, events 11 (Event: time 1, name 2,
// attributes 3), status 15 (Status: message 2, code 3).
Writer span(const OtlpSpan &s)
{
    Writer w;
    w.bytes(1, raw(s.traceId));
    w.bytes(2, raw(s.spanId));
    if (s.parentSpanId != std::array<std::uint8_t, 8>{})
        w.bytes(4, raw(s.parentSpanId));
    w.string(5, s.name);
    w.uint(6, static_cast<std::uint64_t>(s.kind));
    w.fixed64(7, s.startNs);
    w.fixed64(8, s.endNs);
    attributes(w, 9, s.attributes);
    for (const auto &e : s.events) {
        Writer event;
        event.fixed64(1, e.timeNs);
        event.string(2, e.name);
        attributes(event, 3, e.attributes);
        w.message(11, event);
    }
    if (s.status != OtlpSpan::Unset || !s.statusMessage.empty()) {
        Writer status;
        status.string(2, s.statusMessage);
        status.uint(3, static_cast<std::uint64_t>(s.status));
        w.message(15, status);
    }
    return w;
}

} // namespace

std::string exportRequest(const std::vector<OtlpSpan> &spans)
{
    // resource.v1.Resource: attributes 1.
    Writer resource;
    attributes(resource, 1,
               {{"service.name", std::string("warden")},
                {"service.version", std::string(WARDEN_VERSION)},
                {"telemetry.sdk.name", std::string("warden")},
                {"telemetry.sdk.language", std::string("cpp")}});
    // common.v1.InstrumentationScope: name 1, version 2.
    Writer scope;
    scope.string(1, "dev.warden.audit");
    scope.string(2, WARDEN_VERSION);
    // trace.v1.ScopeSpans: scope 1, spans 2.
    Writer scopeSpans;
    scopeSpans.message(1, scope);
    for (const auto &s : spans)
        scopeSpans.message(2, span(s));
    // trace.v1.ResourceSpans: resource 1, scope_spans 2.
    Writer resourceSpans;
    resourceSpans.message(1, resource);
    resourceSpans.message(2, scopeSpans);
    // collector.trace.v1.ExportTraceServiceRequest: resource_spans 1.
    Writer request;
    request.message(1, resourceSpans);
    return request.data();
}

} // namespace warden::OtlpEncoding
