// File: tools/serve/asio.h
//
// The one header through which tools/serve includes Boost.Asio and Boost.Beast. Under C++20
// with g++ 12, Boost 1.74's Asio uses std::exchange without including <utility>, so <utility>
// must come first.
//
// Example:
//   #include "tools/serve/asio.h"
//   meshsim::serve::asio::io_context io;
#pragma once

#include <utility>  // must precede Boost.Asio (see above)

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace meshsim::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

}  // namespace meshsim::serve
