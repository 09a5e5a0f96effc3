#!/usr/bin/env bash
# Checks the one-way dependency stack by the includes each folder may use:
#   controller/api: std only;  controller/: controller/api and itself;  fakes/: controller/api
#   and fakes/;  sim/: no tools/ or reports/;  reports/: no tools/.
# Prints every violation as file:line and exits 1 if there is one.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
status=0
check() {  # check DIR REGEX WHY
  local hits
  hits=$(grep -rnE --include='*.h' --include='*.cc' "$2" "$1" 2>/dev/null)
  if [ -n "$hits" ]; then
    printf '%s\n' "$hits" | sed "s|\$| <- $3|"
    status=1
  fi
}
check controller/api '#include "(controller/[a-z_]+/|controller/[a-z_]+\.h|fakes/|sim/|reports/|tools/)' \
  "controller/api must include only std and itself"
check controller/api '#include <(boost|yaml-cpp|nlohmann)' "controller/api must be std-only"
check controller '#include "(fakes|sim|reports|tools)/' "controller/ must not include sim/, fakes/, reports/ or tools/"
check fakes '#include "(controller/(async|runtime|cloudmap|live)/|controller/[a-z_]+\.h|sim|reports|tools)/?' \
  "fakes/ may include only controller/api and fakes/"
check sim '#include "(reports|tools)/' "sim/ must not include reports/ or tools/"
check reports '#include "tools/' "reports/ must not include tools/"
if [ $status -eq 0 ]; then echo "layering: ok"; fi
exit $status
