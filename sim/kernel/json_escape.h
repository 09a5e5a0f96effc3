// File: sim/kernel/json_escape.h
//
// Appends a string as a JSON string literal (quotes included), escaping per RFC 8259. Trace
// lines are written by hand rather than through a JSON library because they are the hot path
// of every run and their byte layout is part of the determinism contract.
//
// Example:
//   std::string out;
//   AppendJsonString("a\"b", out);  // out == "\"a\\\"b\""
#pragma once

#include <string>
#include <string_view>

namespace meshsim::sim {

void AppendJsonString(std::string_view s, std::string& out);

}  // namespace meshsim::sim
