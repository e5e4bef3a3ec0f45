#!/bin/sh
# A runnable copy of this checkout's compiled CLI (bin/, lib/, templates/, public/, package.json,
# node_modules linked), so that benchmarks can run one version while the checkout changes, or
# compare two versions interleaved:
#   scripts/snapshot-lib.sh /work/bench/cb/snap-$(git rev-parse --short HEAD)
#   node --import tsx scripts/startup-probe.ts --variant cli --variant before=/work/bench/cb/snap-abc123/bin/digest.js
set -eu
target=${1:?usage: scripts/snapshot-lib.sh DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && npm run --silent compile)
rm -rf "$target"
mkdir -p "$target"
cp -a "$here/bin" "$here/lib" "$here/templates" "$here/public" "$here/package.json" "$target/"
ln -s "$here/node_modules" "$target/node_modules"
echo "$target/bin/digest.js"
