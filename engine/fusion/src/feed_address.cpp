#include "feed_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace dpt::fusion::detail {

std::string parse_loopback(std::string_view hostport, int default_port, int min_port, std::string& host, int& port) {
  const auto colon = hostport.rfind(':');
  host = std::string(hostport.substr(0, colon));
  port = default_port;
  const std::string range = std::to_string(min_port) + "..65535";
  if (colon != std::string_view::npos) {
    const std::string_view p = hostport.substr(colon + 1);
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || port < min_port || port > 65535)
      return "expected a port number " + range + " after ':', got '" + std::string(p) + "'";
  }
  if (port < min_port) return "a port is required (HOST:PORT)";
  if (host == "localhost") host = "127.0.0.1";
  in_addr a{};
  if (inet_pton(AF_INET, host.c_str(), &a) != 1) return "expected an IPv4 address such as 127.0.0.1, got '" + host + "'";
  if ((ntohl(a.s_addr) >> 24) != 127)
    return "refusing non-loopback address " + host + ": dptwin's feeds talk only to 127.0.0.1";
  return {};
}

}  // namespace dpt::fusion::detail
