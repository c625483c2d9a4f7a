#pragma once
// The times of the feed wire format (docs/feeds.md): ISO 8601 / RFC 3339 date-times with a UTC
// offset, as integer microseconds since the Unix epoch. Private to engine/fusion; allocation-free,
// unlike dpt::parse_instant, because the codec reads one per message.
#include <cstdint>
#include <string>
#include <string_view>

namespace dpt::fusion {

// "YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|+hh:mm|-hh:mm)": RFC 3339 section 5.6 with a fraction of at
// most 6 digits (microseconds) and no leap second. Returns false for anything else, including
// impossible dates (2026-02-29) and offsets beyond ±23:59.
bool parse_wire_time(std::string_view text, std::int64_t& us_since_epoch);

// Appends "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always six fraction digits, always UTC). Years outside
// 0000..9999 cannot be written in this form; they are clamped to that range.
void append_wire_time(std::int64_t us_since_epoch, std::string& out);

}  // namespace dpt::fusion
