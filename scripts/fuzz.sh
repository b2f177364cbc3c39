#!/usr/bin/env bash
# Runs every fuzz target of the project in Jazzer's fuzzing mode, one after the other, for N seconds each
# (default 60), and prints the executions per target. See docs/design/fuzzing.md.
#
#   scripts/fuzz.sh [seconds-per-target] [filter]
#
# filter: only targets whose "module Class#method" contains it (e.g. scripts/fuzz.sh 120 pki).
# A finding (crash) fails that target, is kept by Jazzer in the test's resources directory
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>), and from then on is replayed by every
# ordinary build (regression mode) until the parser at fault is fixed. Turn it into a plain *Test as well.
# The interesting inputs Jazzer generates go to <module>/.cifuzz-corpus/ (git-ignored); copy the few that add
# coverage into the Inputs directory to commit them.
# Targets run in sequence: each JVM uses a full core and ~2 GB. Build the modules once before (compile is enough:
# the script runs "mvn -o ... test", which compiles what is missing).
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-60}"
FILTER="${2:-}"

# module | class (simple name; surefire resolves it) | method
TARGETS=(
  "message-schemas CatalogueCodecFuzzTest json"
  "message-schemas CatalogueCodecFuzzTest xml"
  "message-schemas CatalogueCodecFuzzTest request"
  "pki CmsFuzzTest verify"
  "pki CmsFuzzTest open"
  "pki CmsFuzzTest openStream"
  "pki TrustServicesFuzzTest timeStampResponse"
  "pki TrustServicesFuzzTest timeStampRequest"
  "pki TrustServicesFuzzTest ocspRequest"
  "pki TrustServicesFuzzTest ocspResponse"
  "custody-log CustodyFuzzTest checkpoint"
  "custody-log CustodyFuzzTest verifierKey"
  "custody-log CustodyFuzzTest tiles"
  "custody-log CustodyFuzzTest entry"
  "adapters/adapter-etsi-103120 Hi1ReaderFuzzTest message"
  "adapters/adapter-portal-json PortalAnswerFuzzTest problem"
  "adapters/adapter-portal-json PortalAnswerFuzzTest receipt"
  "gateway NetworkDirectoryFuzzTest directory"
  "gateway NetworkDirectoryFuzzTest receipt"
  "gateway EvidenceUploadFuzzTest createBody"
  "gateway EvidenceUploadFuzzTest partDigest"
)

# Instrument the project's code and the parsers it relies on (Bouncy Castle above all).
export JAZZER_FUZZ=1
export JAZZER_MAX_DURATION="${SECONDS_PER_TARGET}s"
export JAZZER_INSTRUMENTATION_INCLUDES="${JAZZER_INSTRUMENTATION_INCLUDES:-eu.eevidence.gw.**:org.bouncycastle.**:com.fasterxml.jackson.**}"

mkdir -p target/fuzz
summary=target/fuzz/summary.txt
printf '%-30s %-44s %12s %8s %s\n' "module" "target" "executions" "seconds" "result" | tee "$summary"
failed=0
for t in "${TARGETS[@]}"; do
  read -r module class method <<<"$t"
  [[ -n "$FILTER" && "$t" != *"$FILTER"* ]] && continue
  log="target/fuzz/${class}-${method}.log"
  mvn -B -o -pl "$module" -Dtest="${class}#${method}" -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
      -Djazzer.hooks=true test >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\1/' <<<"$done_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\2/' <<<"$done_line")
  if [[ $rc -eq 0 ]]; then
    result="ok"
  else
    result="FINDING or failure, see $log"
    failed=$((failed + 1))
    if [[ -z "$runs" ]]; then # stopped at a crash: libFuzzer prints the count on its stats lines
      runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
  fi
  printf '%-30s %-44s %12s %8s %s\n' "$module" "${class}#${method}" "${runs:-?}" "${secs:-?}" "$result" | tee -a "$summary"
done
echo "summary: $summary; crash inputs (if any):"
git status --short --untracked-files=all -- '*Inputs/*' | grep -E 'crash-|timeout-|slow-unit-' || echo "  none"
exit $((failed > 0))
