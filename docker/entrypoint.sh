#!/bin/sh
# The image's entrypoint. `cmk-testbed ARGS...` runs the CLI (the scenarios one-shot service); anything else
# starts the service that CMK_SERVICE names, from its package's built main.js. The case table mirrors
# serviceCatalog in packages/testbed (e2e/src/compose/compose-file.test.ts checks that they agree).
set -eu
if [ "${1:-}" = "cmk-testbed" ]; then
  shift
  exec node /app/packages/testbed/dist/cli/main.js "$@"
fi
# CMK_SERVICE=testbed is the compose file's `supervisor` service: the testbed contract (list, kill, restart,
# pause, resume) over this compose project's containers through the Docker Engine API.
if [ "${CMK_SERVICE:-}" = "testbed" ]; then
  exec node /app/packages/testbed/dist/docker/docker-supervisor-main.js
fi
case "${CMK_SERVICE:-}" in
  entra) package=entra-svc ;;
  keyvault) package=keyvault-svc ;;
  storage) package=storage-svc ;;
  chaos) package=chaos ;;
  *)
    echo "CMK_SERVICE must be entra, keyvault, storage, chaos or testbed (or run: cmk-testbed ARGS...), not '${CMK_SERVICE:-}'" >&2
    exit 64
    ;;
esac
exec node "/app/packages/${package}/dist/main.js"
