// Dead-letter consumer (order-events-dlq, notifications-dlq): records every dead message in D1,
// idempotently by message id, for admins to inspect and replay (workers/dead-letters).
import { recordDeadLetter } from "../workers/dead-letters/dead-letters.repo";
import { retryDelay } from "./notifications";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The body as JSON text; a body JSON cannot hold (bytes, undefined) is kept as its description. */
const jsonText = (body: unknown): string => {
  try {
    const text = JSON.stringify(body);
    if (text !== undefined && !(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body)) return text;
  } catch {
    // a cycle or a BigInt: fall through
  }
  return JSON.stringify(String(body));
};

export const handleDeadLetters = async (batch: MessageBatch<unknown>, env: Cloudflare.Env): Promise<void> => {
  // A replay sends the body back to the queue it failed on, named after the DLQ.
  const sourceQueue = batch.queue.replace(/-dlq$/, "");
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body;
      // The envelope's id and type, when the body is one, let an admin find the event quickly.
      const envelope = isRecord(body) && typeof body.id === "string" && typeof body.type === "string" ? body : null;
      try {
        await recordDeadLetter(env.DB, {
          id: message.id,
          sourceQueue,
          eventId: envelope ? String(envelope.id) : null,
          eventType: envelope ? String(envelope.type) : null,
          body: jsonText(body),
          receivedAt: Date.now(),
        });
        message.ack();
      } catch (e) {
        console.error(`dead-letters: recording message ${message.id} from ${batch.queue} failed`, e);
        message.retry({ delaySeconds: retryDelay(message.attempts) });
      }
    }),
  );
};
