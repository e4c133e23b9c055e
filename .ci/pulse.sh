#!/usr/bin/env bash
# Starts a private PulseAudio server with two null sinks, so tests have a real speaker and a
# real microphone on a machine with no sound card:
#   speaker  the default sink (what the trainer plays lands here; its monitor can be recorded)
#   mic      a 16 kHz mono sink whose monitor is the default source: whatever is played into
#            "mic" is what the microphone hears.
# Works sourced (exports PULSE_SERVER for what runs next) and executed (prints the address).
# Idempotent: a server already answering on the socket is reused.
#
# Measured pitfalls handled here:
# - an idle null sink renders in 2 s blocks, so a new capture loses its first 1-2 s: a
#   silence feed (pacat from /dev/zero) keeps each sink running, and we wait until
#   `pactl list sinks` reports latencies under 100 ms;
# - as root: not --system (a different, system-wide mode) but -n with an explicit config,
#   no pid file and anonymous auth on our own socket.
# Clients (sounddevice: PortAudio -> ALSA "pulse" device) must initialise after this.

_trainer_pulse_start() {
    local dir="$1" sock="$2"
    cat >"$dir/default.pa" <<PA
load-module module-native-protocol-unix auth-anonymous=1 socket=$sock
load-module module-null-sink sink_name=speaker sink_properties=device.description=speaker
load-module module-null-sink sink_name=mic rate=16000 channels=1 sink_properties=device.description=mic
set-default-sink speaker
set-default-source mic.monitor
PA
    XDG_RUNTIME_DIR="$dir" HOME="$dir" pulseaudio -n --daemonize=yes --exit-idle-time=-1 \
        --use-pid-file=no --disallow-exit=yes --log-target="file:$dir/pulse.log" \
        --resample-method=soxr-vhq \
        -F "$dir/default.pa" 2>>"$dir/pulse.log" || {
        echo "pulse.sh: pulseaudio did not start; see $dir/pulse.log" >&2
        return 1
    }
    local i
    for i in $(seq 50); do
        pactl info >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "pulse.sh: pulseaudio started but does not answer on $sock" >&2
    return 1
}

_trainer_pulse() {
    local dir="${TRAINER_PULSE_DIR:-/tmp/trainer-pulse}"
    local sock="$dir/pulse/native" sink i
    mkdir -p "$dir/pulse" && chmod 700 "$dir"
    export PULSE_SERVER="unix:$sock"
    if ! pactl info >/dev/null 2>&1; then
        _trainer_pulse_start "$dir" "$sock" || return 1
    fi
    for sink in speaker mic; do
        # one silence feed per sink (kept from an earlier run when the server is reused)
        pactl list sink-inputs 2>/dev/null | grep -q "trainer-silence-$sink" && continue
        setsid pacat --client-name="trainer-silence-$sink" --playback --device="$sink" \
            --latency-msec=20 --raw /dev/zero >/dev/null 2>&1 </dev/null &
    done
    for i in $(seq 100); do
        if pactl list sinks 2>/dev/null | awk '/[[:space:]]Latency:/ {
                if ($2 + 0 >= 100000) bad = 1; n++ }
                END { exit (n >= 2 && !bad) ? 0 : 1 }'; then
            echo "$PULSE_SERVER"
            return 0
        fi
        sleep 0.1
    done
    echo "pulse.sh: sinks did not settle under 100 ms latency" >&2
    return 1
}

_trainer_pulse
