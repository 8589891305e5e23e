#!/usr/bin/env node
// ecs-conformance command adapter for the official Node SDK @alicloud/ecs20140526
// (openapi-core, V3 signature by default). Protocol: JSON lines on stdin/stdout; the first line
// printed is the handshake, then one result line per call line (README: "Testing an SDK").
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
const FIELDS = {
  ImageId: 'imageId', RegionId: 'regionId', DestinationRegionId: 'destinationRegionId',
  DestinationImageName: 'destinationImageName', DestinationDescription: 'destinationDescription',
  Encrypted: 'encrypted', KMSKeyId: 'KMSKeyId', ResourceGroupId: 'resourceGroupId',
  DryRun: 'dryRun', ClientToken: 'clientToken', EncryptAlgorithm: 'encryptAlgorithm',
};

function send(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function text(value) {
  return value === undefined || value === null ? null : String(value);
}

async function copyImage(call) {
  const params = call.parameters;
  const unknown = Object.keys(params).filter((k) => !(k in FIELDS) && k !== 'Tag');
  if (unknown.length) return { outcome: 'rejected', reason: `the SDK model has no ${unknown}` };
  const endpoint = new URL(call.endpoint);
  const client = new Client(new $OpenApiUtil.Config({
    accessKeyId: call.access_key_id, accessKeySecret: call.access_key_secret,
    endpoint: endpoint.host, protocol: 'http', regionId: call.region_id,
  }));
  const fields = {};
  for (const [name, value] of Object.entries(params)) {
    if (name in FIELDS) fields[FIELDS[name]] = value;
  }
  if (params.Tag) {
    fields.tag = params.Tag.map((t) => new Ecs.CopyImageRequestTag({ key: t.Key, value: t.Value }));
  }
  const millis = Math.round(call.timeout_s * 1000);
  const runtime = new $dara.RuntimeOptions({ readTimeout: millis, connectTimeout: millis });
  try {
    const response = await client.copyImageWithOptions(new Ecs.CopyImageRequest(fields), runtime);
    return { outcome: 'ok', ImageId: text(response.body.imageId), RequestId: text(response.body.requestId) };
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
send({ name: '@alicloud/ecs20140526', version, capabilities: { retries: 0, signature: 'v3' } });

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
    send(await copyImage(call));
  });
});
