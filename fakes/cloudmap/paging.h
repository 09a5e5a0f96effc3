// File: fakes/cloudmap/paging.h
//
// NextToken pagination over a sorted list of keys. A token is opaque to callers: it names the
// list it belongs to and the last key returned, plus a checksum, so a token that was altered,
// truncated or taken from another List* call is answered with InvalidInput. Resuming after the
// last key (rather than at an index) keeps paging correct while resources come and go.
//
// Example:
//   Result<internal::Page> page = internal::PageOf(keys, "ListServices", req.next_token, max);
//   if (!page.ok()) return page.status();
//   for (size_t i = page->begin; i < page->end; ++i) out.push_back(Summary(keys[i]));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "controller/api/status.h"

namespace meshsim::fakes::internal {

struct Page {
  size_t begin = 0;
  size_t end = 0;
  std::optional<std::string> next_token;  // set when keys remain after `end`
};

std::string EncodePageToken(std::string_view list, const std::string& last_key);
// Returns the last key a token of `list` stands for, or InvalidInput.
Result<std::string> DecodePageToken(std::string_view list, const std::string& token);

// Returns the window of `sorted_keys` after the token's key, at most `max_results` long.
Result<Page> PageOf(const std::vector<std::string>& sorted_keys, std::string_view list,
                    const std::optional<std::string>& next_token, int32_t max_results);

}  // namespace meshsim::fakes::internal
