#!/bin/bash
# Writes sans-sweep.bag: one fit per starting point of a 9 x 9 x 9 grid (729 tasks). Each line embeds the
# fitting script, so a worker needs only python3 with numpy and scipy, not a copy of this folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script=$(base64 -w0 "$here/fit_sphere.py")
out=${1:-sans-sweep.bag}
{
  echo "# sphere form factor fits from a 9x9x9 grid of starting points"
  for r in 10 20 30 40 60 80 120 160 240; do
    for s in 0.01 0.05 0.1 0.5 1 2 5 10 50; do
      for b in 0 0.001 0.005 0.01 0.02 0.05 0.1 0.2 0.5; do
        echo "echo $script | base64 -d | python3 - $r $s $b"
      done
    done
  done
} > "$out"
echo "wrote $out ($(grep -vc '^#' "$out") tasks)"
