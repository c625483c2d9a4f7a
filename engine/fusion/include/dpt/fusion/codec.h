#pragma once
// The wire format of feeds (docs/feeds.md): one JSON object per message (a line of a recorded
// file, one UDP datagram, one MQTT payload). decode() never throws and never allocates once the
// message's vectors have grown to size; it says why a message was refused.
#include <cstddef>
#include <string>
#include <string_view>

#include "dpt/fusion/messages.h"

namespace dpt::fusion {

// Why a message was refused (the graph counts each reason).
enum class Reject : std::uint8_t {
  none = 0,
  oversized,       // longer than kMaxMessageBytes, or more than kMaxBoxes boxes
  malformed_json,  // not a JSON object (syntax)
  unknown_type,    // "type" missing or not "detections" / "observation"
  missing_field,   // a required member is absent
  bad_value,       // a member has the wrong JSON type or an impossible value (negative box size,
                   // score outside 0..1, unknown class, unparseable time)
  unknown_camera,  // camera id not in the district (checked by the graph, not by decode)
  unknown_sensor,  // sensor id not in the district (checked by the graph, not by decode)
};
inline constexpr int kRejectCount = 8;
const char* to_string(Reject r);

inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
inline constexpr std::size_t kMaxBoxes = 512;

struct DecodeStatus {
  Reject reject = Reject::none;
  std::string detail;  // for logs: which member, what was expected ("detections[3].score: expected 0..1")
  bool ok() const { return reject == Reject::none; }
};

// Parses one message into `out` (reusing its storage).
DecodeStatus decode(std::string_view bytes, Message& out);

// Appends the JSON text of `m` (no trailing newline) to `out`. decode(encode(m)) == m exactly:
// times are written as ISO 8601 UTC with microseconds ("2026-10-01T08:00:00.200000Z"; decode also
// takes other UTC offsets), floats with enough digits to round-trip.
void encode(const Message& m, std::string& out);

}  // namespace dpt::fusion
