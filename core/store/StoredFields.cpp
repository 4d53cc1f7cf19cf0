#include "core/store/StoredFields.h"

#include <nlohmann/json.hpp>

namespace warden {

namespace {

// Records the values of two top-level keys; everything else is only walked.
class FieldPicker : public nlohmann::json_sax<nlohmann::json> {
public:
    FieldPicker(std::string_view firstKey, std::string_view secondKey, std::string_view thirdKey, StoredFields &out)
        : m_firstKey(firstKey), m_secondKey(secondKey), m_thirdKey(thirdKey), m_out(out)
    {}

    bool null() override { return other(); }
    bool boolean(bool value) override
    {
        if (auto *f = target()) {
            f->type = StoredFields::Type::Boolean;
            f->flag = value;
        }
        return done();
    }
    bool number_integer(number_integer_t) override { return other(); }
    bool number_unsigned(number_unsigned_t) override { return other(); }
    bool number_float(number_float_t, const string_t &) override { return other(); }
    bool string(string_t &value) override
    {
        if (auto *f = target()) {
            f->type = StoredFields::Type::String;
            f->text = std::move(value);
        }
        return done();
    }
    bool binary(binary_t &) override { return other(); }
    bool start_object(std::size_t) override
    {
        if (m_depth == 0)
            m_object = true;
        return open();
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(); }
    bool end_array() override { return close(); }
    bool key(string_t &key) override
    {
        m_pending = nullptr;
        if (m_depth == 1) {
            if (key == m_firstKey)
                m_pending = &m_out.first;
            else if (key == m_secondKey)
                m_pending = &m_out.second;
            else if (!m_thirdKey.empty() && key == m_thirdKey)
                m_pending = &m_out.third;
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &e) override
    {
        m_out.error = "not JSON at byte " + std::to_string(position) + ": " + e.what();
        return false;
    }

    bool isObject() const { return m_object; }

private:
    StoredFields::Field *target() { return m_depth == 1 ? m_pending : nullptr; }
    bool other()
    {
        markOther();
        return done();
    }
    void markOther()
    {
        if (auto *f = target())
            f->type = StoredFields::Type::Other;
    }
    // An object or array: as a wanted field's value it is of another type.
    bool open()
    {
        if (m_depth == 1)
            markOther();
        ++m_depth;
        m_pending = nullptr;
        return true;
    }
    bool close()
    {
        --m_depth;
        return true;
    }
    bool done()
    {
        if (m_depth == 1)
            m_pending = nullptr;
        return true;
    }

    std::string_view m_firstKey;
    std::string_view m_secondKey;
    std::string_view m_thirdKey;
    StoredFields &m_out;
    int m_depth = 0;
    StoredFields::Field *m_pending = nullptr;
    bool m_object = false;
};

} // namespace

StoredFields StoredFields::read(std::string_view json, std::string_view firstKey, std::string_view secondKey,
                                std::string_view thirdKey)
{
    StoredFields out;
    FieldPicker picker(firstKey, secondKey, thirdKey, out);
    const bool ok = nlohmann::json::sax_parse(json.begin(), json.end(), &picker);
    if (!ok && out.error.empty())
        out.error = "not JSON";
    if (ok && !picker.isObject())
        out.error = "not a JSON object";
    return out;
}

} // namespace warden
