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
#include <iterator>
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

// PageOf's window over the keys of a std::map with std::string keys, as iterators, without
// copying the keys into a vector first: the controller lists a 1,000-instance service in ten
// pages, and copying all 1,000 ids for each page made a listing quadratic.
template <class Map>
struct MapPage {
  typename Map::const_iterator begin;
  typename Map::const_iterator end;
  std::optional<std::string> next_token;  // set when entries remain after `end`
};

template <class Map>
Result<MapPage<Map>> PageOfMap(const Map& sorted, std::string_view list,
                               const std::optional<std::string>& next_token,
                               int32_t max_results) {
  MapPage<Map> page{sorted.begin(), sorted.end(), std::nullopt};
  if (next_token) {
    Result<std::string> last = DecodePageToken(list, *next_token);
    if (!last.ok()) return last.status();
    page.begin = sorted.upper_bound(*last);
  }
  page.end = page.begin;
  for (int32_t n = 0; n < max_results && page.end != sorted.end(); ++n) ++page.end;
  if (page.end != sorted.end()) page.next_token = EncodePageToken(list, std::prev(page.end)->first);
  return page;
}

}  // namespace meshsim::fakes::internal
