#!/usr/bin/env bash
# A presenter's clicker taps keys for about 10 ms. Drives the real app under Xvfb with
# xdotool: while the lesson plays (a frame is being drawn when the key goes down and
# up), five 10 ms taps of W, then Ctrl S saves the recording, which must hold all five
# writes. Before the key queue (gui/app/key_queue.h) most such taps were lost.
#   key_tap_test.sh GUI
set -uo pipefail

gui=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"  # the GL driver's leaks, as screenshot_test.sh
export ASAN_OPTIONS LIBGL_ALWAYS_SOFTWARE=1

# A busy cluster played fast: each frame takes long enough that a tap can begin and
# end while one is drawn (as a 60 Hz display's vsync wait does on a real screen).
printf 'cluster 25\nseed 3\nlatency 1ms 5ms\n' >busy.scenario
cat >drive.sh <<EOF
"$gui" --scenario busy.scenario --size 1280x720 --play --speed 20 >gui.out 2>&1 &
pid=\$!
window=\$(timeout 60 xdotool search --sync --onlyvisible --name raftsim | head -1)
if [ -z "\$window" ]; then echo "the window never appeared"; kill \$pid; exit 1; fi
xdotool windowfocus --sync "\$window"
sleep 1
for tap in 1 2 3 4 5; do
  xdotool keydown w sleep 0.01 keyup w   # one process: 10 ms between press and release
  sleep 0.3
done
xdotool keydown ctrl sleep 0.3 keydown s sleep 0.3 keyup s sleep 0.1 keyup ctrl
for wait in \$(seq 150); do  # up to 30 s: frames are slow under a sanitizer
  [ -s raftsim-session.scenario ] && break
  sleep 0.2
done
kill \$pid
wait \$pid 2>/dev/null
exit 0
EOF
timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" bash drive.sh || { echo "FAIL: could not drive the app"; cat gui.out; exit 1; }

if [ ! -s raftsim-session.scenario ]; then
  echo "FAIL: Ctrl S saved no recording"
  cat gui.out
  exit 1
fi
writes=$(grep -c '^write x=' raftsim-session.scenario)
if [ "$writes" -ne 5 ]; then
  echo "FAIL: five 10 ms taps of W made $writes writes; the recording:"
  cat raftsim-session.scenario
  exit 1
fi
for n in 1 2 3 4 5; do
  grep -qx "write x=$n" raftsim-session.scenario || { echo "FAIL: no 'write x=$n' in the recording"; exit 1; }
done
echo "five 10 ms taps, five writes"
