# The Envoy xDS API as one C++ static library, `meshsim_xds_proto` (alias meshsim::xds_proto), for
# the ADS server in tools/serve/xds (issue 9, docs/xds.md).
#
# The Envoy .proto files are not in Debian. They come from the npm package @grpc/grpc-js-xds at a
# pinned version (it ships envoy/, xds/, udpa/, validate/ and google/rpc under package/deps/),
# fetched with `npm pack` into the build tree at configure time; nothing of them is committed. A
# tarball already on disk can stand in for npm: -DMESHSIM_XDS_TARBALL=/path/grpc-grpc-js-xds-1.14.1.tgz.
# The well-known types (google/protobuf/*.proto) come from libprotobuf-dev.
#
# Only the 65 files that ADS, listener, route, cluster, endpoint, the HTTP connection manager and
# the router filter need are compiled (the whole envoy-api copy does not compile: it is partial).
# The generated code is ~325k lines (~3 min on 2 cores), so it is built once, as its own library;
# nothing of meshsim's own code is in it.
#
# Sets MESHSIM_XDS (cache option; default ON when gRPC, protoc, grpc_cpp_plugin and npm or the
# tarball are present, else OFF with the reason printed).

set(MESHSIM_XDS_NPM_PACKAGE "@grpc/grpc-js-xds@1.14.1")
set(MESHSIM_XDS_TARBALL_NAME "grpc-grpc-js-xds-1.14.1.tgz")
set(MESHSIM_XDS_TARBALL "" CACHE FILEPATH
    "A local copy of ${MESHSIM_XDS_TARBALL_NAME} (npm pack ${MESHSIM_XDS_NPM_PACKAGE}); empty: fetch with npm")

find_package(Protobuf QUIET)
find_package(gRPC CONFIG QUIET)
find_program(MESHSIM_NPM npm)

set(_xds_missing "")
if(NOT Protobuf_FOUND OR NOT Protobuf_PROTOC_EXECUTABLE)
  list(APPEND _xds_missing "protobuf (libprotobuf-dev, protobuf-compiler)")
endif()
if(NOT gRPC_FOUND OR NOT TARGET gRPC::grpc_cpp_plugin)
  list(APPEND _xds_missing "gRPC C++ (libgrpc++-dev, protobuf-compiler-grpc)")
endif()
if(NOT MESHSIM_XDS_TARBALL AND NOT MESHSIM_NPM)
  list(APPEND _xds_missing "npm (to fetch ${MESHSIM_XDS_NPM_PACKAGE}) or -DMESHSIM_XDS_TARBALL")
endif()
if(_xds_missing)
  set(_xds_default OFF)
else()
  set(_xds_default ON)
endif()
option(MESHSIM_XDS "Build the xDS (ADS) server of meshsim serve (gRPC, Envoy protos from npm)" ${_xds_default})
if(NOT MESHSIM_XDS)
  if(_xds_missing)
    string(JOIN ", " _xds_reason ${_xds_missing})
    message(STATUS "meshsim: xDS server OFF: missing ${_xds_reason}")
  else()
    message(STATUS "meshsim: xDS server OFF (-DMESHSIM_XDS=OFF)")
  endif()
  return()
endif()
if(_xds_missing)
  string(JOIN ", " _xds_reason ${_xds_missing})
  message(FATAL_ERROR "MESHSIM_XDS=ON but missing: ${_xds_reason}")
endif()

# --- The protos, in the build tree ---------------------------------------------------------------
set(_xds_dir "${PROJECT_BINARY_DIR}/xds-protos")
set(_xds_root "${_xds_dir}/include")
set(_xds_tarball "${MESHSIM_XDS_TARBALL}")
if(NOT _xds_tarball)
  set(_xds_tarball "${_xds_dir}/${MESHSIM_XDS_TARBALL_NAME}")
  if(NOT EXISTS "${_xds_tarball}")
    file(MAKE_DIRECTORY "${_xds_dir}")
    message(STATUS "meshsim: fetching ${MESHSIM_XDS_NPM_PACKAGE} (Envoy protos) with npm pack")
    execute_process(COMMAND "${MESHSIM_NPM}" pack "${MESHSIM_XDS_NPM_PACKAGE}" --silent
                    WORKING_DIRECTORY "${_xds_dir}" RESULT_VARIABLE _npm_rc
                    OUTPUT_QUIET ERROR_VARIABLE _npm_err)
    if(NOT _npm_rc EQUAL 0 OR NOT EXISTS "${_xds_tarball}")
      # Offline machines still build everything else. A normal variable shadows the cache
      # option for this configure only, so the next configure tries the fetch again.
      string(STRIP "${_npm_err}" _npm_err)
      message(WARNING "meshsim: xDS server OFF: npm pack ${MESHSIM_XDS_NPM_PACKAGE} failed "
                      "(${_npm_err}); pass -DMESHSIM_XDS_TARBALL=/path/${MESHSIM_XDS_TARBALL_NAME}")
      set(MESHSIM_XDS OFF)
      return()
    endif()
  endif()
endif()

if(NOT EXISTS "${_xds_root}/validate/validate.proto" OR "${_xds_tarball}" IS_NEWER_THAN "${_xds_root}/validate/validate.proto")
  file(REMOVE_RECURSE "${_xds_dir}/package" "${_xds_root}")
  file(ARCHIVE_EXTRACT INPUT "${_xds_tarball}" DESTINATION "${_xds_dir}")
  set(_deps "${_xds_dir}/package/deps")
  file(MAKE_DIRECTORY "${_xds_root}")
  foreach(_d envoy-api/envoy xds/xds xds/udpa protoc-gen-validate/validate googleapis/google)
    file(COPY "${_deps}/${_d}" DESTINATION "${_xds_root}")
  endforeach()
  # The shipped validate.proto predates the envoy-api next to it: protocol.proto uses
  # StringRules.ignore_empty, which protoc rejects as unknown. Add it with upstream PGV's number.
  set(_validate "${_xds_root}/validate/validate.proto")
  file(READ "${_validate}" _text)
  string(FIND "${_text}" "ignore_empty" _has)
  if(_has EQUAL -1)
    string(REPLACE "optional bool strict = 25 [default = true];"
                   "optional bool strict = 25 [default = true];\n  optional bool ignore_empty = 26;"
                   _patched "${_text}")
    if(_patched STREQUAL _text)
      message(FATAL_ERROR "meshsim: could not add StringRules.ignore_empty to ${_validate}")
    endif()
    file(WRITE "${_validate}" "${_patched}")
  endif()
endif()

# The closure of imports of ads.proto, listener, route, cluster, endpoint (v3), HCM v3 and router v3.
set(MESHSIM_XDS_PROTOS
  envoy/annotations/deprecation.proto
  envoy/config/accesslog/v3/accesslog.proto
  envoy/config/cluster/v3/circuit_breaker.proto
  envoy/config/cluster/v3/cluster.proto
  envoy/config/cluster/v3/filter.proto
  envoy/config/cluster/v3/outlier_detection.proto
  envoy/config/core/v3/address.proto
  envoy/config/core/v3/backoff.proto
  envoy/config/core/v3/base.proto
  envoy/config/core/v3/config_source.proto
  envoy/config/core/v3/event_service_config.proto
  envoy/config/core/v3/extension.proto
  envoy/config/core/v3/grpc_service.proto
  envoy/config/core/v3/health_check.proto
  envoy/config/core/v3/http_uri.proto
  envoy/config/core/v3/protocol.proto
  envoy/config/core/v3/proxy_protocol.proto
  envoy/config/core/v3/resolver.proto
  envoy/config/core/v3/socket_option.proto
  envoy/config/core/v3/substitution_format_string.proto
  envoy/config/core/v3/udp_socket_config.proto
  envoy/config/endpoint/v3/endpoint.proto
  envoy/config/endpoint/v3/endpoint_components.proto
  envoy/config/listener/v3/api_listener.proto
  envoy/config/listener/v3/listener.proto
  envoy/config/listener/v3/listener_components.proto
  envoy/config/listener/v3/quic_config.proto
  envoy/config/listener/v3/udp_listener_config.proto
  envoy/config/route/v3/route.proto
  envoy/config/route/v3/route_components.proto
  envoy/config/route/v3/scoped_route.proto
  envoy/config/trace/v3/http_tracer.proto
  envoy/data/accesslog/v3/accesslog.proto
  envoy/extensions/filters/http/router/v3/router.proto
  envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto
  envoy/service/discovery/v3/ads.proto
  envoy/service/discovery/v3/discovery.proto
  envoy/type/http/v3/path_transformation.proto
  envoy/type/matcher/v3/metadata.proto
  envoy/type/matcher/v3/number.proto
  envoy/type/matcher/v3/regex.proto
  envoy/type/matcher/v3/string.proto
  envoy/type/matcher/v3/value.proto
  envoy/type/metadata/v3/metadata.proto
  envoy/type/tracing/v3/custom_tag.proto
  envoy/type/v3/http.proto
  envoy/type/v3/percent.proto
  envoy/type/v3/range.proto
  envoy/type/v3/semantic_version.proto
  google/rpc/status.proto
  udpa/annotations/migrate.proto
  udpa/annotations/security.proto
  udpa/annotations/sensitive.proto
  udpa/annotations/status.proto
  udpa/annotations/versioning.proto
  validate/validate.proto
  xds/annotations/v3/status.proto
  xds/core/v3/authority.proto
  xds/core/v3/collection_entry.proto
  xds/core/v3/context_params.proto
  xds/core/v3/extension.proto
  xds/core/v3/resource_locator.proto
  xds/type/matcher/v3/matcher.proto
  xds/type/matcher/v3/regex.proto
  xds/type/matcher/v3/string.proto
)
# Only ads.proto declares a service.
set(_xds_grpc_protos envoy/service/discovery/v3/ads.proto)

# --- Code generation: one protoc call for the messages, one for the ADS stubs --------------------
set(_xds_gen "${PROJECT_BINARY_DIR}/xds-gen")
file(MAKE_DIRECTORY "${_xds_gen}")
set(_xds_srcs "")
set(_xds_inputs "")
foreach(_p IN LISTS MESHSIM_XDS_PROTOS)
  string(REGEX REPLACE "\\.proto$" "" _stem "${_p}")
  list(APPEND _xds_srcs "${_xds_gen}/${_stem}.pb.cc")
  list(APPEND _xds_hdrs "${_xds_gen}/${_stem}.pb.h")
  list(APPEND _xds_inputs "${_xds_root}/${_p}")
endforeach()
set(_xds_grpc_srcs "")
foreach(_p IN LISTS _xds_grpc_protos)
  string(REGEX REPLACE "\\.proto$" "" _stem "${_p}")
  list(APPEND _xds_grpc_srcs "${_xds_gen}/${_stem}.grpc.pb.cc")
  list(APPEND _xds_hdrs "${_xds_gen}/${_stem}.grpc.pb.h")
endforeach()
get_filename_component(_protobuf_include "${Protobuf_INCLUDE_DIRS}" ABSOLUTE)
add_custom_command(
  OUTPUT ${_xds_srcs} ${_xds_grpc_srcs} ${_xds_hdrs}
  COMMAND ${Protobuf_PROTOC_EXECUTABLE} -I "${_xds_root}" -I "${_protobuf_include}"
          --cpp_out "${_xds_gen}" ${MESHSIM_XDS_PROTOS}
  COMMAND ${Protobuf_PROTOC_EXECUTABLE} -I "${_xds_root}" -I "${_protobuf_include}"
          --grpc_out "${_xds_gen}" --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
          ${_xds_grpc_protos}
  DEPENDS ${_xds_inputs}
  COMMENT "protoc: Envoy xDS API (${MESHSIM_XDS_TARBALL_NAME}) to C++"
  VERBATIM)

add_library(meshsim_xds_proto STATIC ${_xds_srcs} ${_xds_grpc_srcs})
add_library(meshsim::xds_proto ALIAS meshsim_xds_proto)
target_include_directories(meshsim_xds_proto SYSTEM PUBLIC "${_xds_gen}")
target_link_libraries(meshsim_xds_proto PUBLIC gRPC::grpc++ protobuf::libprotobuf)
# Generated code: its warnings (deprecated fields) are not ours. -O0: it is parsing and
# serialising a few messages per push, and -O0 compiles the ~325k lines ~25% faster.
target_compile_options(meshsim_xds_proto PRIVATE -w -O0)
message(STATUS "meshsim: xDS server ON (Envoy protos from ${_xds_tarball})")
