// A local Postfix instance's queue, read with `postqueue -j` (postqueue(1),
// Postfix >= 3.1: one JSON object per queued message with queue_name,
// queue_id, arrival_time, message_size, sender and recipients). Run without a
// shell and bounded in time.
#pragma once

#include <core/smtp_health.hpp>

#include <cstdint>
#include <string>

namespace inboxprobe {

// The queue of the Postfix instance whose configuration directory is
// `config_dir` (`postqueue -c DIR -j`; empty: the default instance). Never
// throws: a missing postqueue, a stopped Postfix, unparsable output or no
// answer within `timeout_ms` is PostfixQueue::error.
PostfixQueue read_postfix_queue(const std::string& config_dir, std::int64_t timeout_ms);

// The queue described by `postqueue -j` output `json_lines`: messages per
// queue and the oldest arrival_time. A line that is not a JSON object with
// queue_name and arrival_time makes it an error ("postfix.queue_output").
PostfixQueue parse_postqueue_json(const std::string& json_lines);

} // namespace inboxprobe
