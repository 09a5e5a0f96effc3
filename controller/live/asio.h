// File: controller/live/asio.h
//
// The one header through which controller/live includes Boost.Asio and Boost.Beast. Under
// C++20 with g++ 12, Boost 1.74's Asio uses std::exchange without including <utility>, so it
// must come first; including Asio anywhere else risks that compile error coming back.
//
// Example:
//   #include "controller/live/asio.h"
//   boost::asio::io_context io;
//   boost::asio::steady_timer timer(io);
#pragma once

#include <utility>  // must precede Boost.Asio (see above)

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace meshsim::live {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

}  // namespace meshsim::live
