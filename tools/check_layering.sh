#!/usr/bin/env bash
# Checks the one-way dependency stack by the project includes each folder uses:
#   controller/api: itself only (and std);  controller/: controller/;  fakes/: controller/api
#   and fakes/;  sim/: not reports/ or tools/;  reports/: not tools/.
# Prints every violation as file:line and exits 1 if there is one.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
status=0
# only DIR ALLOWED WHY: every `#include "..."` under DIR must match the ALLOWED prefix regex.
only() {
  local hits
  hits=$(grep -rnE --include='*.h' --include='*.cc' '#include "' "$1" 2>/dev/null |
         grep -vE "#include \"($2)")
  if [ -n "$hits" ]; then
    printf '%s <- %s\n' "$hits" "$3"
    status=1
  fi
}
only controller/api 'controller/api/' "controller/api may include only itself"
hits=$(grep -rnE --include='*.h' --include='*.cc' '#include <(boost|yaml-cpp|nlohmann|rapidcheck|gtest)' controller/api)
if [ -n "$hits" ]; then printf '%s <- controller/api must be std-only\n' "$hits"; status=1; fi
only controller 'controller/' "controller/ must not include sim/, fakes/, reports/ or tools/"
only fakes 'controller/api/|fakes/' "fakes/ may include only controller/api and fakes/"
only sim 'controller/|fakes/|sim/' "sim/ must not include reports/ or tools/"
if [ -d reports ]; then only reports 'controller/|fakes/|sim/|reports/' "reports/ must not include tools/"; fi
if [ $status -eq 0 ]; then echo "layering: ok"; fi
exit $status
