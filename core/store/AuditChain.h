#pragma once

#include "core/store/AuditRecord.h"

#include <string>

namespace warden::AuditChain {

// The hash of the (non-existent) record before the first one.
const std::string &genesisHash();

// SHA-256 over the previous hash and the record's fields, each length-prefixed
// so no two different records can serialise to the same bytes. See
// docs/AUDIT.md for the exact layout, which an auditor can re-implement.
std::string hashOf(const AuditRecord &record, const std::string &prevHash);

} // namespace warden::AuditChain
