#pragma once

#include "core/investigate/OtlpSpan.h"

#include <string>
#include <vector>

namespace warden::OtlpEncoding {

// An OTLP ExportTraceServiceRequest in the protobuf wire format (the body of
// POST /v1/traces with Content-Type application/x-protobuf): one resource
// (service.name "warden"), one instrumentation scope, the spans in order.
// Field numbers are opentelemetry-proto's (trace/v1, common/v1, resource/v1);
// the tests decode the result with the project's own generated messages.
std::string exportRequest(const std::vector<OtlpSpan> &spans);

} // namespace warden::OtlpEncoding
