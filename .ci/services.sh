# Sourced by .ci/run: starts the services that the adapter tests use.
# (Each part is added by the change that needs it.)
true
source .ci/postgres.sh
