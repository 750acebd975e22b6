#!/usr/bin/env bash
# The end-to-end load benchmark (docs/benchmarks.md): builds the agent, the demo and the benchmarks
# module, then runs the bookstore without the agent, in monitor and in block mode, alternating, and
# prints the report (also written to integration-tests/benchmarks/target/load/load-report.md).
# Options are passed through, e.g. --rounds=5 --duration=30 --concurrency=16.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -q -B -Pbenchmarks -DskipTests package
exec java -cp integration-tests/benchmarks/target/benchmarks.jar io.palisade.benchmarks.load.LoadBenchmark "$@"
