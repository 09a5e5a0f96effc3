// The Node xDS client of @grpc/grpc-js-xds, for the interop test (xds_interop_check.py): dials
// TARGET (xds:///...) with the bootstrap named by GRPC_XDS_BOOTSTRAP and keeps the channel
// connecting for SECONDS, so its resolver follows the xDS server's updates (it ACKs each one).
// The endpoints are simulated pod addresses nobody listens on: only the subscription matters.
//
// Usage: NODE_PATH=.../node_modules node xds_node_client.js TARGET SECONDS
'use strict';
const grpc = require('@grpc/grpc-js');
require('@grpc/grpc-js-xds').register();

const [target, seconds] = process.argv.slice(2);
const client = new grpc.Client(target, grpc.credentials.createInsecure());
const channel = client.getChannel();
const end = Date.now() + Number(seconds) * 1000;

function watch() {
  const state = channel.getConnectivityState(true);
  console.log(`xds_node_client: ${target} state ${state}`);
  if (Date.now() >= end) {
    client.close();
    process.exit(0);
  }
  channel.watchConnectivityState(state, Math.min(end, Date.now() + 1000), () => watch());
}
watch();
setTimeout(() => process.exit(0), Number(seconds) * 1000 + 2000);
