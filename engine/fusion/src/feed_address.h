#pragma once
// The loopback-only rule of the network feeds, shared by open_feed() (listening, connecting) and
// open_publisher() (sending): servers and tests of dptwin talk only to 127.0.0.1 (docs/feeds.md).
#include <string>
#include <string_view>

namespace dpt::fusion::detail {

// "HOST[:PORT]" with HOST in 127.0.0.0/8 (RFC 1122 section 3.2.1.3) or "localhost" (becomes
// 127.0.0.1); PORT defaults to `default_port` (-1: required) and must lie in min_port..65535 (a
// listener may take 0: any free port). Returns an empty string when fine, else what is wrong.
std::string parse_loopback(std::string_view hostport, int default_port, int min_port, std::string& host, int& port);

}  // namespace dpt::fusion::detail
