#!/usr/bin/env bash
# Structure figures of issue 15 (feature cycles, largest classes, longest methods, parameter counts,
# JDBC reach, error-code literals), printed as Markdown. Needs only a JDK 17+ (`java` on the PATH);
# no build, no dependency. Usage: scripts/structure-report.sh [repository root] > report.md
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-$(dirname "$here")}"
exec java "$here/StructureReport.java" "$root"
