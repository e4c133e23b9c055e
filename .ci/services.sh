# Sourced by .ci/run: starts the services that the adapter tests use.
# (Each part is added by the change that needs it.)
true
source .ci/postgres.sh
source .ci/pulse.sh  # PulseAudio null sinks: a speaker and a microphone for the audio tests
