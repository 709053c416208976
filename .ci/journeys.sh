#!/usr/bin/env bash
# Real-window journeys: the release designer in a real X window (Xvfb, software GL), driven with xdotool as a
# user drives it, checked through the files it saves (read back with the same binary's CLI).
#
#   .ci/journeys.sh [path/to/clusterplan]
#
# 1. start → File › New → place racks → save (the in-app dialog: there is no desktop portal) → reopen → save
#    as → the two files give equal numbers;
# 2. copy / paste by the keyboard (the platform's Copy / Paste events);
# 3. Esc during a drag puts everything back (the saved file is unchanged);
# 4. R×4 is the identity, for one rack and for the whole hall;
# 5. a bulk feed assignment powers every rack from both sides;
# 6. while a 1,000,000-GPU hall opens (on a worker), the window keeps answering keys and painting;
# 7. a generated hall never writes over the file that was open: Ctrl+S asks for a name, the file is unchanged;
# 8. keys typed into the search box in one burst (BackSpace + Escape) never delete the selection;
# 9. a burst of thirty Ctrl+Z, Ctrl+Y on a 200,000-GPU hall ends where it began;
# 10. presentation plays the Colossus build phase by phase (P), repainting only when a phase is due, and playing
#     never edits the hall;
# 11. a devicetype-library file imported by the keyboard (Ctrl+Shift+I, the in-app file dialog, Return twice) is
#     in the saved file, and one undo takes it away;
# and at rest (demo hall with the welcome; 1M hall in presentation mode) the designer uses no CPU.
# Any panic, a window that dies, or a check that fails ends the run with an error.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/clusterplan}")
work=$(mktemp -d)
log=$work/app.log
fail() {
  echo "journeys: FAILED: $*" >&2
  echo "--- designer output:" >&2
  cat "$log" >&2 || true
  echo "--- Xvfb on ${DISPLAY:-} ($(kill -0 "$xvfb" 2>/dev/null && echo running || echo gone)):" >&2
  cat "$work/xvfb.log" >&2 || true
  exit 1
}

# A clean user: own home, no desktop portal (so no native file dialog), no window manager.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
export XDG_RUNTIME_DIR=$work/run && mkdir -m 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
export CLUSTERPLAN_GEOMETRY=$work/geometry
export RUST_BACKTRACE=1

# Xvfb picks a free display itself and writes its number to fd 3 once it accepts connections (-displayfd): no
# race for a display number with another X server, and no guessing when it is ready.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=
cleanup() {
  set +e
  [[ -n $app ]] && kill "$app" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 300); do
  [[ -s $work/display ]] && break
  kill -0 "$xvfb" 2>/dev/null || { cat "$work/xvfb.log" >&2; echo "journeys: FAILED: Xvfb did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -s $work/display ]] || { cat "$work/xvfb.log" >&2; echo "journeys: FAILED: Xvfb gave no display in 30 s" >&2; exit 1; }
export DISPLAY=:$(tr -dc 0-9 <"$work/display")
xdotool getmouselocation >/dev/null || { echo "journeys: FAILED: no X server on $DISPLAY" >&2; exit 1; }

wid=
start_app() {
  rm -f "$CLUSTERPLAN_GEOMETRY"
  "$bin" "$@" >>"$log" 2>&1 &
  app=$!
  wid=
  for _ in $(seq 300); do
    wid=$(xdotool search --onlyvisible --name clusterplan 2>/dev/null | tail -n 1 || true)
    [[ -n $wid && -s $CLUSTERPLAN_GEOMETRY ]] && break
    kill -0 "$app" 2>/dev/null || fail "the designer exited at start"
    sleep 0.1
  done
  [[ -n $wid ]] || fail "no window appeared"
  # No window manager: give the window the keyboard ourselves (it may take a moment to be mapped).
  for _ in $(seq 50); do
    xdotool windowfocus "$wid" 2>/dev/null && break
    sleep 0.1
  done
  settle
}

settle() {
  sleep 0.6
  kill -0 "$app" 2>/dev/null || fail "the designer died"
}

key() {
  xdotool key "$@"
  settle
}

type_text() {
  xdotool type --delay 5 -- "$1"
  settle
}

# Window coordinates of a floor point (metres), from the geometry the designer writes.
at_m() {
  awk -v x="$1" -v y="$2" '{ printf "%d %d", ($1 + (x - $5) * $7) * $8, ($2 + (y - $6) * $7) * $8 }' \
    "$CLUSTERPLAN_GEOMETRY"
}

click_m() {
  # shellcheck disable=SC2046
  xdotool mousemove --window "$wid" $(at_m "$1" "$2") click 1
  settle
}

# Palette entries sit at fixed places in the left panel (egui lays it out the same every time).
click_xy() {
  xdotool mousemove --window "$wid" "$1" "$2" click 1
  settle
}

report() {
  "$bin" report "$1" --format json
}

# A figure from a file's report: a Python expression over `r`.
figure() {
  report "$1" | python3 -c "import json, sys; r = json.load(sys.stdin); print($2)"
}

quit_app() {
  xdotool key ctrl+q
  for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$app" 2>/dev/null; then fail "the designer did not close on Ctrl+Q"; fi
  wait "$app" || fail "the designer exited with an error"
  app=
  if grep -q "panicked" "$log"; then fail "a panic"; fi
}

# An idle designer uses no CPU: over 3 s with no input it may spend at most 5 % of one core (egui repaints only
# on input, on a running job's progress, or when a recovery copy falls due); $2 sets another bound, in percent.
idle_check() {
  local hz t0 t1 bound=${2:-5}
  hz=$(getconf CLK_TCK)
  sleep 1
  kill -0 "$app" 2>/dev/null || fail "the designer is gone before the idle check ($1)"
  t0=$(awk '{ print $14 + $15 }' "/proc/$app/stat")
  sleep 3
  kill -0 "$app" 2>/dev/null || fail "the designer died during the idle check ($1)"
  t1=$(awk '{ print $14 + $15 }' "/proc/$app/stat")
  echo "   idle ($1): $(( (t1 - t0) * 1000 / hz )) ms of CPU in 3 s"
  (( (t1 - t0) * 100 <= hz * 3 * bound )) ||
    fail "the designer used $(( (t1 - t0) * 1000 / hz )) ms of CPU in 3 s idle ($1; at most $bound %)"
}

PALETTE_COLOSSUS_RACK="120 170"
SEARCH_BOX="110 85"

# Waits (up to $2 seconds) until the window's title matches the pattern $1.
wait_title() {
  local t
  for _ in $(seq $((${2:-30} * 10))); do
    t=$(xdotool getwindowname "$wid" 2>/dev/null || true)
    [[ $t =~ $1 ]] && return 0
    kill -0 "$app" 2>/dev/null || fail "the designer died waiting for the title $1"
    sleep 0.1
  done
  fail "the title never matched $1 (it is: $t)"
}
PALETTE_PDU_500="95 570"

echo "== journey 1: new, place, save, reopen, save as"
start_app
idle_check "demo hall, welcome shown"
key ctrl+n
# shellcheck disable=SC2086
click_xy $PALETTE_COLOSSUS_RACK
for x in 10 12 14; do click_m "$x" 10; done
key Escape
key ctrl+s
# No desktop portal: the designer's own dialog opens with the name field focused.
key ctrl+a
type_text "$work/j1.ron"
key Return
[[ -f $work/j1.ron ]] || fail "Save wrote nothing"
[[ $(figure "$work/j1.ron" "r['gpus']['total']") == 192 ]] || fail "j1.ron does not hold 3 racks"
quit_app
start_app "$work/j1.ron"
key ctrl+shift+s
key ctrl+a
type_text "$work/j1-again.ron"
key Return
[[ -f $work/j1-again.ron ]] || fail "Save as wrote nothing"
[[ $(report "$work/j1.ron") == "$(report "$work/j1-again.ron")" ]] || fail "the reopened hall gives other numbers"
quit_app

echo "== journey 2: copy and paste by the keyboard"
start_app "$work/j1.ron"
click_m 10 10
key ctrl+c
# shellcheck disable=SC2046
xdotool mousemove --window "$wid" $(at_m 20 20)
settle
key ctrl+v
key ctrl+s
[[ $(figure "$work/j1.ron" "r['gpus']['total']") == 256 ]] || fail "Ctrl+V did not paste the copied rack"
quit_app

echo "== journey 3: Esc cancels a drag"
start_app "$work/j1.ron"
before=$(md5sum <"$work/j1.ron")
drag_rack() { # from a floor point to another, then: Escape before letting go, or nothing
  # shellcheck disable=SC2046
  xdotool mousemove --window "$wid" $(at_m "$1" "$2") mousedown 1
  for step in 1 2 3 4 5; do
    # shellcheck disable=SC2046
    xdotool mousemove --window "$wid" $(at_m "$(awk -v a="$1" -v s="$step" 'BEGIN { print a + s }')" 12)
    sleep 0.1
  done
  settle
  [[ ${3:-} == escape ]] && key Escape
  xdotool mouseup 1
  settle
}
# A drag that is let go moves the rack (so the drags do reach the window)...
drag_rack 10 10
key ctrl+s
[[ $(md5sum <"$work/j1.ron") != "$before" ]] || fail "a drag moved nothing"
key ctrl+z
key ctrl+s
[[ $(md5sum <"$work/j1.ron") == "$before" ]] || fail "undo did not put the dragged rack back"
# ...and one cancelled with Esc leaves everything where it was.
drag_rack 10 10 escape
key ctrl+s
[[ $(md5sum <"$work/j1.ron") == "$before" ]] || fail "Esc during a drag left something moved"

echo "== journey 4: R×4 is the identity"
click_m 12 10
key r
key ctrl+s
[[ $(md5sum <"$work/j1.ron") != "$before" ]] || fail "R turned nothing"
key r r r
key ctrl+s
[[ $(md5sum <"$work/j1.ron") == "$before" ]] || fail "R×4 moved a rack"
key ctrl+a
key r
key ctrl+s
[[ $(md5sum <"$work/j1.ron") != "$before" ]] || fail "R turned nothing"
key r r r
key ctrl+s
[[ $(md5sum <"$work/j1.ron") == "$before" ]] || fail "R×4 moved the hall"

echo "== journey 5: bulk feed assignment"
# shellcheck disable=SC2086
click_xy $PALETTE_PDU_500
click_m 10 16
click_m 13 16
key Escape
key ctrl+a
key ctrl+shift+f
key ctrl+s
[[ $(figure "$work/j1.ron" "r['power']['unpowered_items']") == 0 ]] || fail "racks left without power"
[[ $(figure "$work/j1.ron" "sum(1 for w in r['warnings'] if w['code'] == 'single-feed')") == 0 ]] ||
  fail "racks with one feed"
quit_app

echo "== journey 6: the window keeps painting while a 1,000,000-GPU hall opens"
"$bin" generate --preset colossus --gpus 1000000 --output "$work/1m.ron" >/dev/null
start_app
key ctrl+o
key ctrl+a
type_text "$work/1m.ron"
before=$(cat "$CLUSTERPLAN_GEOMETRY")
# Return starts the open; F11 (presentation) moves the canvas below the tiles, and the frame drawn in answer
# rewrites the geometry file. A designer frozen by the open would answer only once the hall is in (its title
# names the file); one that keeps painting answers at once, while the hall is still loading. (F11 follows a
# moment after Return: in the frame that closes the file dialog, the dialog still holds the keyboard.)
xdotool key Return
sleep 0.15
xdotool key F11
answered=
for _ in $(seq 200); do
  if [[ $(cat "$CLUSTERPLAN_GEOMETRY") != "$before" ]]; then
    answered=$(xdotool getwindowname "$wid")
    break
  fi
  sleep 0.02
done
[[ -n $answered ]] || fail "the window did not answer F11 while the hall opened"
[[ $answered != *1m.ron* ]] || fail "the window answered F11 only after the hall had opened (frozen while loading)"
for _ in $(seq 600); do
  xdotool getwindowname "$wid" | grep -q "1m.ron" && break
  kill -0 "$app" 2>/dev/null || fail "the designer died opening 1M GPUs"
  sleep 0.1
done
xdotool getwindowname "$wid" | grep -q "1m.ron" || fail "the 1M hall did not open within a minute"
idle_check "1M-GPU hall in presentation mode"
quit_app

echo "== journey 7: a generated hall never writes over the file that was open"
start_app "$work/j1.ron"
before=$(md5sum <"$work/j1.ron")
key ctrl+g
# The default preset's preview (Colossus, 100,000 H100) builds on a worker; Return creates it once ready.
for _ in $(seq 60); do
  xdotool key Return
  sleep 0.5
  xdotool getwindowname "$wid" | grep -q "(unsaved)" && break
done
wait_title "\(unsaved\)" 30
key ctrl+s
# The designer's own dialog asks for a name (its name field has the keyboard): j1.ron is as it was.
[[ $(md5sum <"$work/j1.ron") == "$before" ]] || fail "Ctrl+S wrote the generated hall over j1.ron"
key ctrl+a
type_text "$work/j7.ron"
key Return
wait_title "^j7.ron — clusterplan" 30
[[ $(figure "$work/j7.ron" "r['gpus']['total']") == 100000 ]] || fail "j7.ron does not hold the generated hall"
[[ $(md5sum <"$work/j1.ron") == "$before" ]] || fail "j1.ron changed"
quit_app

echo "== journey 8: keys typed into the search box stay there"
# A 200,000-GPU hall, so that keys sent together arrive in one frame.
"$bin" generate --preset colossus --gpus 200000 --output "$work/200k.ron" >/dev/null
start_app "$work/200k.ron"
wait_title "^200k.ron — clusterplan" 60
key Escape
key ctrl+a
# shellcheck disable=SC2086
click_xy $SEARCH_BOX
type_text x
# BackSpace and Escape in one burst (behind a theme change, which makes that frame a slow one): egui lets the
# field go on the Escape before the designer sees the keys, and the BackSpace must still be the field's.
xdotool key --delay 0 ctrl+shift+t BackSpace Escape
settle
key ctrl+shift+t
key ctrl+s
wait_title "^200k.ron — clusterplan" 60
[[ $(figure "$work/200k.ron" "r['gpus']['total']") == 200000 ]] ||
  fail "a burst of keys in the search box deleted the selection"
quit_app

echo "== journey 9: an undo / redo burst on a 200,000-GPU hall ends where it began"
start_app "$work/200k.ron"
wait_title "^200k.ron — clusterplan" 60
# Three steps to undo: the whole hall turned three times.
key ctrl+a
for _ in 1 2 3; do
  key r
done
key ctrl+s
wait_title "^200k.ron — clusterplan" 60
before=$(md5sum <"$work/200k.ron")
# shellcheck disable=SC2046
xdotool key --delay 0 $(for _ in $(seq 30); do printf 'ctrl+z ctrl+y '; done)
sleep 2
# Balanced presses end on the state the file holds: the title has no unsaved mark.
wait_title "^200k.ron — clusterplan" 60
key ctrl+s
wait_title "^200k.ron — clusterplan" 60
[[ $(md5sum <"$work/200k.ron") == "$before" ]] || fail "the undo / redo burst did not end where it began"
quit_app

echo "== journey 10: presentation plays the build, phase by phase, without editing it"
cp layouts/colossus-200k.ron "$work/story.ron"
start_app "$work/story.ron"
wait_title "^story.ron — clusterplan" 60
before=$(md5sum <"$work/story.ron")
key Escape
key F11
# The phase shown, as the designer writes it beside the canvas geometry (0: the whole hall).
phase_shown() { awk '{ print $9 }' "$CLUSTERPLAN_GEOMETRY"; }
[[ $(phase_shown) == 0 ]] || fail "a phase is shown before playing"
key p
[[ $(phase_shown) == 1 ]] || fail "P did not start the build at its first phase"
# Six phases two seconds apart: while it plays the window repaints when a phase is due (one or two redraws of a
# 200k hall on software GL in 3 s), not continuously (which would take a whole core) — and by itself.
idle_check "playing the build in presentation" 30
(( $(phase_shown) >= 2 )) || fail "the build did not play on by itself (phase $(phase_shown) after 4 s)"
sleep 9
[[ $(phase_shown) == 6 ]] || fail "the build did not play to its last phase (phase $(phase_shown))"
key bracketleft
[[ $(phase_shown) == 5 ]] || fail "[ did not step back a phase"
key bracketright
key bracketright
[[ $(phase_shown) == 0 ]] || fail "] past the last phase is not the whole hall"
key Escape
key ctrl+s
wait_title "^story.ron — clusterplan" 60
[[ $(md5sum <"$work/story.ron") == "$before" ]] || fail "playing the build changed the hall"
quit_app

echo "== journey 11: a device type imported by the keyboard, kept on save, taken away by one undo"
cp layouts/demo.ron "$work/types.ron"
start_app "$work/types.ron"
wait_title "^types.ron — clusterplan" 60
key Escape
key ctrl+shift+i
# No desktop portal: the designer's own dialog, its name field focused.
key ctrl+a
type_text "$(realpath tests/fixtures/devicetype/nvidia-qm9700.yaml)"
key Return
# Import device type shows where the draw comes from; Return adds it.
key Return
key ctrl+s
wait_title "^types.ron — clusterplan" 60
grep -q 'id: "nvidia-qm9700"' "$work/types.ron" || fail "the imported type was not saved"
"$bin" check "$work/types.ron" >/dev/null || fail "the layout with the imported type does not check"
key ctrl+z
key ctrl+s
wait_title "^types.ron — clusterplan" 60
if grep -q 'id: "nvidia-qm9700"' "$work/types.ron"; then fail "one undo did not take the type away"; fi
quit_app

echo "journeys: 11 passed, 0 failed"
