#!/usr/bin/env bash
# The default district is reproducible: tools/make_dapeng, run on the GSHHG land mask in
# ../shared/data/geo, gives assets/dapeng byte for byte (docs/district-dapeng.md).
#   test_dapeng_reproducible.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1"
build="$2"
mask="$src/../shared/data/geo/gshhg_f_landmask_dapeng_1s.tif"
if [[ ! -f "$mask" ]]; then
  echo "SKIP: $mask is absent (../shared/data is there in development and CI)"
  exit 77
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
DPT_DAPENG_OUT="$out" DPT_DAPENG_NO_GMT=1 "$src/tools/make_dapeng" "$build" > "$out.log" 2>&1 || { cat "$out.log"; rm -f "$out.log"; exit 1; }
rm -f "$out.log"
status=0
for f in district.toml district.gpkg terrain.tif generation-report.txt; do
  if cmp "$out/$f" "$src/assets/dapeng/$f"; then
    echo "identical: $f"
  else
    echo "DIFFERS: $f (regenerate with tools/make_dapeng and commit, or find what made the generator non-deterministic)"
    status=1
  fi
done
exit $status
