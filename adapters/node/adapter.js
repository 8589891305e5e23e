#!/usr/bin/env node
// ecs-conformance command adapter for the official Node SDK @alicloud/ecs20140526
// (openapi-core, V3 signature by default). Protocol: JSON lines on stdin/stdout; the first line
// printed is the handshake, then one result line per call line (README: "Testing an SDK").
// A call naming another operation (action) goes through that operation's own request model
// and method; the handshake declares the companions the SDK has (capabilities.operations).
'use strict';

const readline = require('readline');

function sdk(name) {
  try {
    return require(name);
  } catch (err) {  // the suite shows this first error line of stderr
    process.stderr.write(`Error: ${String(err.message).split('\n')[0]}; install the adapter's `
      + 'pinned packages with: npm ci --prefix adapters/node\n');
    process.exit(2);
  }
}

const Ecs = sdk('@alicloud/ecs20140526');
const { $OpenApiUtil } = sdk('@alicloud/openapi-core');
const $dara = sdk('@darabonba/typescript');

const Client = Ecs.default;
// The call's action when it names none: the spec's primary operation (call schema).
const PRIMARY = 'CopyImage';
// The spec's other operations (spec/operations/) this adapter drives when a call names them;
// each is declared only if the SDK has its request model and method.
const COMPANIONS = ['CancelCopyImage', 'DeleteImage', 'DescribeImages'];

function send(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function text(value) {
  return value === undefined || value === null ? null : String(value);
}

// The SDK's request model and method for an action: CancelCopyImage ->
// Ecs.CancelCopyImageRequest, client.cancelCopyImageWithOptions.
function operation(action) {
  const Model = Ecs[`${action}Request`];
  const method = `${action[0].toLowerCase()}${action.slice(1)}WithOptions`;
  const known = typeof Model === 'function' && typeof Client.prototype[method] === 'function';
  return known ? { Model, method } : null;
}

async function invoke(call) {
  const action = call.action || PRIMARY;
  const op = operation(action);
  if (!op) return { outcome: 'rejected', reason: `the SDK has no ${action}Request model or method` };
  const params = call.parameters;
  // names(): SDK field -> wire name; $dara.cast maps wire-named values (nested Tag lists
  // included) into the model as the SDK's own deserialisation does.
  const wire = new Set(Object.values(op.Model.names()));
  const unknown = Object.keys(params).filter((k) => !wire.has(k));
  if (unknown.length) {
    return { outcome: 'rejected', reason: `the SDK model ${action}Request has no ${unknown}` };
  }
  let request;
  try {
    request = $dara.cast(params, new op.Model({}));
  } catch (err) {
    return { outcome: 'rejected', reason: `the SDK model ${action}Request refuses it: ${err.message}` };
  }
  const endpoint = new URL(call.endpoint);
  const client = new Client(new $OpenApiUtil.Config({
    accessKeyId: call.access_key_id, accessKeySecret: call.access_key_secret,
    endpoint: endpoint.host, protocol: 'http', regionId: call.region_id,
  }));
  const millis = Math.round(call.timeout_s * 1000);
  const runtime = new $dara.RuntimeOptions({ readTimeout: millis, connectTimeout: millis });
  try {
    const response = await client[op.method](request, runtime);
    const body = response.body ? response.body.toMap() : {};
    return { outcome: 'ok', ImageId: text(body.ImageId), RequestId: text(body.RequestId) };
  } catch (err) {
    const data = err && typeof err.data === 'object' && err.data ? err.data : {};
    const status = Number.isInteger(err.statusCode) ? err.statusCode : null;
    return {
      outcome: 'error', code: typeof err.code === 'string' ? err.code : null,
      message: typeof data.Message === 'string' ? data.Message : text(err.message),
      http_status: status, request_id: typeof err.requestId === 'string' ? err.requestId : null,
      detail: String(err.name || 'Error'),
    };
  }
}

const version = require('@alicloud/ecs20140526/package.json').version;
const operations = COMPANIONS.filter((action) => operation(action) !== null);
send({ name: '@alicloud/ecs20140526', version, capabilities: { retries: 0, signature: 'v3', operations } });

const lines = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    let call;
    try {
      call = JSON.parse(line);
    } catch (err) {
      process.stderr.write(`not a JSON call line: ${err}\n`);
      process.exit(3);
    }
    send(await invoke(call));
  });
});
