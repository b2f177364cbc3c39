#!/usr/bin/env bash
# Re-takes the console screenshots shown in README.md (docs/console/*.png) from the browser tests (issue 16).
# Needs Debian's chromium and chromium-driver (see docs/design/console-browser-tests.md). The browser ITs write every
# screenshot to gateway/target/console-screenshots/ (a 1280x900 window: 1280x757 PNGs); this copies the chosen ones to docs/console/.
# Usage: scripts/console-screenshots.sh [--no-run]   (--no-run: copy from an earlier run of the browser ITs)
set -euo pipefail
cd "$(dirname "$0")/.."

# screenshot file (as the tests name it)  ->  name in docs/console/
SHOTS=(
  "dashboard:dashboard"
  "new-request-errors:new-request-errors"
  "epoc-request-completed:request-page"
  "tracking-list:tracking-list"
  "tracking-compliance:compliance"
  "case-page:case-page"
  "platform-order:platform-order"
  "platform-upload-done:platform-upload"
  "auditor-request-proofs:auditor-proofs-verified"
)
ITS="EpocBrowserIT,NewRequestBrowserIT,TrackingAndCasesBrowserIT,PlatformConsoleBrowserIT,AuditorJourneyIT"

if [ "${1:-}" != "--no-run" ]; then
  CI_REQUIRE_BROWSER=1 mvn -B -o -pl gateway -am -Dtest=none -Dit.test="$ITS" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false verify
fi

src=gateway/target/console-screenshots
mkdir -p docs/console
for pair in "${SHOTS[@]}"; do
  from="$src/${pair%%:*}.png"
  to="docs/console/${pair##*:}.png"
  [ -f "$from" ] || { echo "missing $from (did the browser ITs run?)" >&2; exit 1; }
  cp "$from" "$to"
done
du -ch docs/console/*.png | tail -n 1
