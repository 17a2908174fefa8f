#!/usr/bin/env bash
# Wall time (best and median of 5 runs) and peak RSS of 360° frame
# extraction (media::extract_frames: 6 JPEG frames + thumbnails) on two
# 30 s 1080x1920 H.264 videos, GOP 1.5 s and 8 s, generated once with the
# ffmpeg CLI into target/tmp/media-bench. Targets on this 2-core machine:
# median <= 0.8 s and <= 2 s. Exits non-zero on a miss. Extra arguments are
# passed to the bench (a word filters the videos by name, e.g. gop240).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p media --bench frames -- "$@"
