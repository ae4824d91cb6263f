#!/usr/bin/env bash
# Runs the suite that docs/benchmarks.md reports: about 9 minutes on a quiet 2-core machine.
# Build first: ./mvnw -q -pl bench -am package -DskipTests
# Usage: bench/run-suite.sh [output-directory, default a new one under /tmp] [rounds of the SPI comparison, default 1]
#
# Each SPI figure is measured right before its raw-engine floor (one JMH run per operation and
# backend), so that the pair sees the same load on a shared machine; their ratio is what counts.
set -euo pipefail

jar=bench/target/benchmarks.jar
out=${1:-$(mktemp -d /tmp/prolly-bench-results-XXXXXX)}
rounds=${2:-1}
mkdir -p "$out"
echo "results go to $out"

java -jar "$jar" 'Tree' -f 1 -wi 2 -i 3 -w 3 -r 3 -rf json -rff "$out/tree.json" > "$out/tree.txt"

for round in $(seq 1 "$rounds"); do
  for op in writeBatchOf1000Nodes readExistingNodes immediateSmallCommit; do
    for backend in file lmdb rocksdb; do
      spi=$backend
      if [ "$op" = readExistingNodes ] && [ "$backend" != rocksdb ]; then
        # These backends hash every node read by default; the second figure shows the SPI without that.
        spi="$backend,$backend?verifyNodes=false"
      fi
      java -jar "$jar" "(NodeStoreBenchmark|RawEngineBenchmark)\.$op\$" -p "backend=$spi" -p "engine=$backend" \
        -f 1 -wi 2 -i 3 -w 2 -r 2 -rf json -rff "$out/spi-$round-$op-$backend.json" > "$out/spi-$round-$op-$backend.txt"
    done
  done
done
