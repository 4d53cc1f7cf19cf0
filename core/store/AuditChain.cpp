#include "core/store/AuditChain.h"

#include <openssl/evp.h>

#include <memory>

namespace warden::AuditChain {
namespace {

void putU64(EVP_MD_CTX *ctx, std::uint64_t v)
{
    unsigned char bytes[8];
    for (int i = 7; i >= 0; --i) {
        bytes[i] = static_cast<unsigned char>(v & 0xff);
        v >>= 8;
    }
    EVP_DigestUpdate(ctx, bytes, sizeof bytes);
}

void putString(EVP_MD_CTX *ctx, const std::string &s)
{
    putU64(ctx, s.size());
    EVP_DigestUpdate(ctx, s.data(), s.size());
}

} // namespace

const std::string &genesisHash()
{
    static const std::string zero(64, '0');
    return zero;
}

std::string hashOf(const AuditRecord &r, const std::string &prevHash)
{
    // One context per thread, reused: allocating per record would dominate verify.
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    static constexpr char domain[] = "warden-audit-v1";
    EVP_DigestUpdate(ctx.get(), domain, sizeof domain - 1);
    putString(ctx.get(), prevHash);
    putU64(ctx.get(), static_cast<std::uint64_t>(r.id));
    putU64(ctx.get(), static_cast<std::uint64_t>(r.timeMs));
    putString(ctx.get(), r.runId);
    putString(ctx.get(), r.type);
    putU64(ctx.get(), static_cast<std::uint64_t>(r.seq));
    putString(ctx.get(), r.payload);
    unsigned char digest[32];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(64, '0');
    for (std::size_t i = 0; i < 32; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xf];
    }
    return out;
}

} // namespace warden::AuditChain
