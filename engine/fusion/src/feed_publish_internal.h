#pragma once
// The MQTT publisher behind open_publisher() (feed_publish_mqtt.cpp). Private to engine/fusion.
#include <memory>
#include <string>

#include "dpt/fusion/feed_publish.h"

namespace dpt::fusion::detail {

Result<std::unique_ptr<FeedPublisher>> open_mqtt_publisher(const std::string& spec, const FeedAddress& address,
                                                           const PublisherOptions& options);

}  // namespace dpt::fusion::detail
