#pragma once
// The three kinds of feed behind open_feed() (feed_open.cpp parses the spec). Private to
// engine/fusion.
#include <memory>
#include <string>

#include "dpt/fusion/feed.h"

namespace dpt::fusion::detail {

Result<std::unique_ptr<Feed>> open_file_feed(const std::string& spec, const std::string& path,
                                             const FeedOptions& options);
Result<std::unique_ptr<Feed>> open_udp_feed(const std::string& spec, const std::string& host, int port);
Result<std::unique_ptr<Feed>> open_mqtt_feed(const std::string& spec, const std::string& host, int port,
                                             const std::string& topic, const FeedOptions& options);

// Sleeps until `deadline_us` (steady clock) in slices of at most 50 ms, returning early (false)
// when `feed` is asked to stop.
bool sleep_until_or_stopped(const Feed& feed, std::int64_t deadline_us);
std::int64_t steady_clock_us();

}  // namespace dpt::fusion::detail
