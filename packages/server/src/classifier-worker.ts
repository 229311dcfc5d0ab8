/**
 * The worker-thread side of WorkerClassifier: loads the model with @gliznet/sdk and answers
 * `classifyMany` messages. onnxruntime-node runs a session synchronously on the thread that calls
 * it, so running it here keeps the server's event loop free to read, queue and refuse requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ZeroShotClassifier } from '@gliznet/sdk';
import { serializeError, type WorkerData, type WorkerRequest } from './worker-protocol.js';

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('classifier-worker.ts must run in a worker thread (see WorkerClassifier)');
  const data = workerData as WorkerData;
  let classifier: ZeroShotClassifier;
  try {
    classifier = await ZeroShotClassifier.fromPretrained(data.modelDirectory, data.options);
  } catch (error) {
    port.postMessage({ type: 'load-failed', error: serializeError(error) });
    return;
  }
  port.postMessage({ type: 'ready', config: classifier.config, modelDirectory: classifier.modelDirectory, modelPath: classifier.modelPath });
  port.on('message', (message: WorkerRequest) => {
    if (message.type === 'dispose') {
      void classifier.dispose().then(() => port.close());
      return;
    }
    classifier.classifyMany(message.requests, message.options).then(
      (outcome) => port.postMessage({ type: 'result', id: message.id, outcome }),
      (error: unknown) => port.postMessage({ type: 'error', id: message.id, error: serializeError(error) }),
    );
  });
}

await main();
